import { canonicalExternalId } from '../dedup/fallback-keys.js';
import type { EventRecord } from '../store/event-record.js';

/** Meta's goal for event coverage (share of browser events with a server twin), in percent. */
export const COVERAGE_GOAL_PERCENTAGE = 75;

/** The keys Meta pairs a browser event and its server twin on, in the order its coverage is credited. */
export const DEDUPE_KEYS = ['event_id', 'external_id', 'fbp'] as const;
export type DedupeKey = (typeof DEDUPE_KEYS)[number];

export interface DedupeKeyQuality {
  dedupe_key: DedupeKey;
  /** Browser events carrying the key. */
  browser_events_with_key: number;
  /** Server events carrying the key. */
  server_events_with_key: number;
  /**
   * Browser events whose server twin (same name, same value of this key) was not already found by an earlier
   * key: coverage is credited to event_id first, then external_id, then fbp, so the three add up to
   * `covered_browser_events` (Meta's "incremental for each dedupe key").
   */
  browser_events_covered: number;
}

/** A problem found in the events, in Meta's diagnostic shape (name, description, solution, counts). */
export interface QualityDiagnostic {
  name: string;
  description: string;
  solution: string;
  affected_event_count: number;
  total_event_count: number;
}

/** Customer-information keys carried by the server events, one entry per key (absent keys included). */
export interface MatchKeyQuality {
  key: string;
  server_events_with_key: number;
}

/**
 * One event name of one pixel, as the emulator saw it: the numbers behind both `GET /{version}/dataset_quality`
 * and the page. Counts are of distinct events: a repeated copy (a retried server event, a browser event sent
 * twice) counts once. Events of rejected requests never arrived and are not counted. Test events count.
 */
export interface EventQuality {
  pixel_id: string;
  event_name: string;
  browser_events: number;
  server_events: number;
  /** Browser events with a server twin sharing a dedup key (event_id, fbp or external_id). */
  covered_browser_events: number;
  /** Browser events that were deduplicated with a server copy: the pair counts once. */
  deduplicated_pairs: number;
  /** Browser events with a server twin sharing a key, both copies counted: the pair counts twice. */
  counted_twice: number;
  dedupe_keys: DedupeKeyQuality[];
  match_keys: MatchKeyQuality[];
  diagnostics: QualityDiagnostic[];
  /** Approximate Event Match Quality, 0-10, from the match keys the server events carry; absent without server events. */
  match_quality?: number;
  /** Median seconds from event_time to arrival, server events only; absent without server events. */
  median_delay_seconds?: number;
  last_received_at: number;
}

/**
 * Weight of each customer-information key in the approximate Event Match Quality. Meta does not publish its
 * formula; these follow its guidance (email and phone match best, then the browser ids and IP + user agent).
 */
const MATCH_WEIGHTS: Record<string, number> = {
  em: 3,
  ph: 2,
  external_id: 1.5,
  fbp: 1,
  fbc: 1,
  client_ip_address: 0.5,
  client_user_agent: 0.5,
  fn: 0.25,
  ln: 0.25,
  ct: 0.2,
  st: 0.15,
  zp: 0.2,
  country: 0.1,
  db: 0.2,
  ge: 0.1,
};
const MAX_WEIGHT = 10;

/** Keys listed in match key feedback: what Events Manager's Event Match Quality page lists. */
export const FEEDBACK_KEYS = Object.keys(MATCH_WEIGHTS);

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.length > 0);
}

/** The values of one dedup key an event carries (external_id in its canonical hashed form). */
function keyValues(event: EventRecord, key: DedupeKey): string[] {
  if (key === 'event_id') return event.event_id ? [event.event_id] : [];
  const values = strings(event.user_data?.[key]);
  return key === 'external_id' ? values.map(canonicalExternalId) : values;
}

/** The approximate EMQ of one event: its keys' weights, capped at 10. */
function eventScore(keys: readonly string[]): number {
  let score = 0;
  for (const key of keys) score += MATCH_WEIGHTS[key] ?? 0;
  return Math.min(MAX_WEIGHT, score);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Groups the store's website events (Pixel hits, and server events with action_source `website`, as in Meta's
 * `web` list) by pixel, then by event name, and measures each group. Pixels and names sorted.
 */
export function measureQuality(events: readonly EventRecord[]): Map<string, EventQuality[]> {
  const bySeq = new Map<number, EventRecord>();
  const groups = new Map<string, Map<string, EventRecord[]>>();
  for (const event of events) {
    bySeq.set(event.seq, event);
    if (event.source === 'server' && event.action_source !== 'website') continue;
    let names = groups.get(event.pixel_id);
    if (!names) groups.set(event.pixel_id, (names = new Map()));
    const list = names.get(event.event_name);
    if (list) list.push(event);
    else names.set(event.event_name, [event]);
  }
  const result = new Map<string, EventQuality[]>();
  for (const pixel of [...groups.keys()].sort()) {
    const names = groups.get(pixel)!;
    result.set(
      pixel,
      [...names.keys()].sort().map((name) => measureGroup(pixel, name, names.get(name)!, bySeq)),
    );
  }
  return result;
}

/** One source's copies, a repeated event_id (a retry, a page sending twice) counted once: its first copy. */
function distinct(records: EventRecord[], source: EventRecord['source']): EventRecord[] {
  const seen = new Set<string>();
  return records.filter((event) => {
    if (event.source !== source) return false;
    if (!event.event_id) return true;
    if (seen.has(event.event_id)) return false;
    seen.add(event.event_id);
    return true;
  });
}

function measureGroup(pixelId: string, eventName: string, records: EventRecord[], bySeq: Map<number, EventRecord>): EventQuality {
  const browser = distinct(records, 'browser');
  const server = distinct(records, 'server');

  const serverValues = new Map<DedupeKey, Set<string>>(DEDUPE_KEYS.map((key) => [key, new Set(server.flatMap((event) => keyValues(event, key)))]));
  const twinKey = (event: EventRecord): DedupeKey | undefined =>
    DEDUPE_KEYS.find((key) => keyValues(event, key).some((value) => serverValues.get(key)!.has(value)));
  const creditedTo = new Map<EventRecord, DedupeKey>();
  for (const event of browser) {
    const key = twinKey(event);
    if (key) creditedTo.set(event, key);
  }
  const dedupeKeys = DEDUPE_KEYS.map(
    (key): DedupeKeyQuality => ({
      dedupe_key: key,
      browser_events_with_key: browser.filter((event) => keyValues(event, key).length > 0).length,
      server_events_with_key: server.filter((event) => keyValues(event, key).length > 0).length,
      browser_events_covered: browser.filter((event) => creditedTo.get(event) === key).length,
    }),
  );
  const covered = browser.filter((event) => creditedTo.has(event));
  // Paired: a browser copy and a server copy of one event, one of them dropped as the other's duplicate.
  // Keyed by event_id, so a browser event sent twice is paired whichever of its copies the twin met.
  const identity = (event: EventRecord): string => event.event_id ?? `#${event.seq}`;
  const paired = new Set<string>();
  for (const event of records) {
    const other = event.deduplicated_by === undefined ? undefined : bySeq.get(event.deduplicated_by);
    if (!other || other.source === event.source) continue;
    paired.add(identity(event.source === 'browser' ? event : other));
  }
  const isPaired = (event: EventRecord): boolean => paired.has(identity(event));
  const deduplicatedPairs = browser.filter(isPaired).length;

  const quality: EventQuality = {
    pixel_id: pixelId,
    event_name: eventName,
    browser_events: browser.length,
    server_events: server.length,
    covered_browser_events: covered.length,
    deduplicated_pairs: deduplicatedPairs,
    counted_twice: covered.filter((event) => !isPaired(event)).length,
    dedupe_keys: dedupeKeys,
    match_keys: FEEDBACK_KEYS.map((key) => ({ key, server_events_with_key: server.filter((event) => event.match_keys.includes(key)).length })),
    diagnostics: diagnose(browser, server),
    last_received_at: records.reduce((latest, event) => Math.max(latest, event.received_at), 0),
  };
  if (server.length > 0) {
    const scores = server.map((event) => eventScore(event.match_keys));
    quality.match_quality = Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10;
    const delays = server.filter((event) => typeof event.event_time === 'number').map((event) => Math.max(0, event.received_at / 1000 - event.event_time!));
    if (delays.length > 0) quality.median_delay_seconds = Math.round(median(delays));
  }
  return quality;
}

/** Twins by event_id: what the diagnostics compare. */
function twinsById(browser: EventRecord[], server: EventRecord[]): [EventRecord, EventRecord][] {
  const byId = new Map<string, EventRecord>();
  for (const event of server) if (event.event_id) byId.set(event.event_id, event);
  const pairs: [EventRecord, EventRecord][] = [];
  for (const event of browser) {
    const twin = event.event_id ? byId.get(event.event_id) : undefined;
    if (twin) pairs.push([event, twin]);
  }
  return pairs;
}

const first = (value: unknown): string | undefined => strings(value)[0];

/**
 * Two of the diagnostics Meta reports, computed from twins sharing an event_id: the server event names
 * another IP address than the one the Pixel hit came from, or lacks the fbp its browser twin had.
 */
function diagnose(browser: EventRecord[], server: EventRecord[]): QualityDiagnostic[] {
  const pairs = twinsById(browser, server);
  const diagnostics: QualityDiagnostic[] = [];
  const mismatchedIp = pairs.filter(([b, s]) => {
    const browserIp = first(b.user_data?.['client_ip_address']);
    const serverIp = first(s.user_data?.['client_ip_address']);
    return browserIp !== undefined && serverIp !== undefined && browserIp !== serverIp;
  }).length;
  if (mismatchedIp > 0) {
    diagnostics.push({
      name: 'Server sending mismatched IP addresses',
      description: 'The IP address of some server events differs from the one their browser twin came from.',
      solution: "Send the visitor's IP address (the client of the request), not your server's or a proxy's.",
      affected_event_count: mismatchedIp,
      total_event_count: pairs.length,
    });
  }
  const missingFbp = pairs.filter(([b, s]) => first(b.user_data?.['fbp']) !== undefined && first(s.user_data?.['fbp']) === undefined).length;
  if (missingFbp > 0) {
    diagnostics.push({
      name: 'Server events missing the browser ID (fbp)',
      description: 'Some server events lack the fbp their browser twin carried.',
      solution: 'Send the _fbp cookie as user_data.fbp with every server event of a website visitor.',
      affected_event_count: missingFbp,
      total_event_count: pairs.length,
    });
  }
  return diagnostics;
}
