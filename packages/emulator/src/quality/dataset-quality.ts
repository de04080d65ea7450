import { COVERAGE_GOAL_PERCENTAGE, type EventQuality } from './event-quality.js';
import type { FieldSelection } from './field-selection.js';
import type { NodeType } from './graph-node-types.js';

/** A field the node type does not have: Graph's `(#100) Tried accessing nonexisting field`. */
export class NonexistingFieldError extends Error {
  constructor(
    readonly field: string,
    readonly nodeType: string,
  ) {
    super(`(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`);
  }
}

/** Meta's identifiers in match key feedback, for the user_data keys. */
const IDENTIFIERS: Record<string, string> = {
  em: 'email',
  ph: 'phone',
  fn: 'first_name',
  ln: 'last_name',
  ge: 'gender',
  db: 'date_of_birth',
  ct: 'city',
  st: 'state',
  zp: 'zip',
  country: 'country',
  external_id: 'external_id',
  client_ip_address: 'ip_address',
  client_user_agent: 'user_agent',
  fbp: 'fbp',
  fbc: 'fbc',
};

const percent = (part: number, whole: number): number => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);

/**
 * How often events arrive, from the median delay between event_time and arrival: within 5 minutes
 * `real_time`, within 2 hours `hourly`, within 2 days `daily`, else `weekly`.
 */
export function uploadFrequency(medianDelaySeconds: number): 'real_time' | 'hourly' | 'daily' | 'weekly' {
  if (medianDelaySeconds <= 300) return 'real_time';
  if (medianDelaySeconds <= 2 * 3600) return 'hourly';
  if (medianDelaySeconds <= 2 * 86400) return 'daily';
  return 'weekly';
}

/**
 * One `web[]` element in Meta's shape. Metrics the emulator cannot know are left out, as Graph leaves out
 * what it has not computed: coverage and dedup feedback need browser events, match quality and freshness
 * need server events, and `acr` (additional conversions reported) is never estimated.
 */
export function webElement(quality: EventQuality): Record<string, unknown> {
  const element: Record<string, unknown> = { event_name: quality.event_name };
  const browser = quality.browser_events;
  const server = quality.server_events;
  if (browser > 0) {
    element['event_coverage'] = {
      percentage: percent(quality.covered_browser_events, browser),
      goal_percentage: COVERAGE_GOAL_PERCENTAGE,
      description: 'Share of browser events with a server event sharing a dedup key (event_id, external_id or fbp).',
    };
    element['dedupe_key_feedback'] = quality.dedupe_keys.map((key) => ({
      dedupe_key: key.dedupe_key,
      browser_events_with_dedupe_key: { percentage: percent(key.browser_events_with_key, browser), description: `Browser events with ${key.dedupe_key}.` },
      server_events_with_dedupe_key: { percentage: percent(key.server_events_with_key, server), description: `Server events with ${key.dedupe_key}.` },
      overall_browser_coverage_from_dedupe_key: {
        percentage: percent(key.browser_events_covered, browser),
        description: `Browser events whose server twin is found by ${key.dedupe_key} (and not by an earlier key).`,
      },
    }));
  }
  if (server > 0 && quality.match_quality !== undefined) {
    element['event_match_quality'] = {
      composite_score: quality.match_quality,
      match_key_feedback: quality.match_keys
        .filter((key) => IDENTIFIERS[key.key])
        .map((key) => ({ identifier: IDENTIFIERS[key.key], coverage: { percentage: percent(key.server_events_with_key, server) } })),
      diagnostics: quality.diagnostics.map((d) => ({ ...d, percentage: percent(d.affected_event_count, d.total_event_count) })),
    };
  }
  if (quality.median_delay_seconds !== undefined) {
    const frequency = uploadFrequency(quality.median_delay_seconds);
    element['data_freshness'] = { upload_frequency: frequency, description: `Server events arrive ${frequency.replace('_', ' ')}.` };
  }
  return element;
}

/** Throws {@link NonexistingFieldError} for the first requested field a node type does not have. */
export function checkSelection(selection: readonly FieldSelection[], node: NodeType): void {
  for (const field of selection) {
    if (!(field.name in node.fields)) throw new NonexistingFieldError(field.name, node.name);
    const child = node.fields[field.name];
    if (field.children && child === null) throw new NonexistingFieldError(field.children[0]!.name, `${node.name}.${field.name}`);
    if (field.children && child) checkSelection(field.children, child);
  }
}

/** Keeps the requested fields of a (checked) selection; an object field without sub-fields keeps all of it. */
export function project(value: unknown, selection: readonly FieldSelection[]): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, selection));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of selection) {
    const fieldValue = source[field.name];
    if (fieldValue === undefined) continue;
    out[field.name] = field.children ? project(fieldValue, field.children) : fieldValue;
  }
  return out;
}
