import type { WebEventQuality } from './dataset-quality.js';

/**
 * - `deduplicated`: every browser event that has a server twin shares its event_id, and coverage meets the goal.
 * - `partly`: twins pair by event_id, but some browser events have no server twin (coverage under the goal),
 *   some events lack an event_id, or some twins pair only by fbp/external_id.
 * - `broken`: server twins exist but none shares the browser event's event_id: Meta counts them twice.
 * - `server only`: no browser events (Meta reports no dedup data): expected for back-office events.
 * - `browser only`: browser events but no server events: nothing to deduplicate, and nothing reaches Meta
 *   when the Pixel is blocked.
 */
export type Verdict = 'deduplicated' | 'partly' | 'broken' | 'server only' | 'browser only';

export interface EventVerdict {
  event_name: string;
  verdict: Verdict;
  /** True when a browser event with a server twin does not deduplicate: makes the exit code 1. */
  failing: boolean;
  coverage?: number;
  goal: number;
  /** Percentages of event_id on browser and server events, and of browser events whose twin shares it. */
  eventId?: { browser: number; server: number; matched: number };
  matchQuality?: number;
  /** Match keys on fewer than half the server events (Meta's identifiers: email, phone, ...). */
  weakKeys: string[];
  freshness?: string;
  diagnostics: { name: string; solution?: string; percentage?: number }[];
  /** Causes and fixes, most important first. */
  notes: string[];
}

const DEFAULT_GOAL = 75;
/** Percentages are rounded to a tenth by Meta; differences under this are noise. */
const SLACK = 0.5;

function pct(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

const show = (n: number): string => `${Math.round(n * 10) / 10}%`;

/** What to change in a twinfire setup when a match key is missing or rare (fbc is rare by nature: ad clicks only). */
export const KEY_ADVICE: Record<string, string> = {
  email: "pass the signed-in customer's email: twinfire({ userData: (req) => ({ em: req.user?.email }) })",
  phone: "pass the customer's phone as userData ph when you have it",
  external_id: 'pass your customer id as userData external_id (twinfire hashes it)',
  ip_address: "set Express's trust proxy so req.ip is the visitor's address behind your proxy or CDN",
  user_agent: 'mirrors carry the user agent; events from tf.send() need client_user_agent for website events',
  fbp: 'the _fbp cookie is missing: the script must run on every page (consent: required stops it until consent)',
};

/** Advice for the diagnostics Meta is known to emit. */
const DIAGNOSTIC_ADVICE: Record<string, string> = {
  'Server sending mismatched IP addresses':
    "twinfire sends req.ip: behind a proxy or CDN set app.set('trust proxy', ...) so it is the visitor's address, not the proxy's",
  'Update your IPv4 IP addresses to IPv6': 'let the visitor reach your site over IPv6 and forward the client address (trust proxy) so twinfire sends it',
};

/** Meta's numbers for one event name, turned into a verdict with its causes and fixes. */
export function judgeEvent(event: WebEventQuality): EventVerdict {
  const goal = pct(event.event_coverage?.goal_percentage) ?? DEFAULT_GOAL;
  const coverage = pct(event.event_coverage?.percentage);
  const keys = new Map((event.dedupe_key_feedback ?? []).map((k) => [k.dedupe_key, k]));
  const id = keys.get('event_id');
  const emq = event.event_match_quality;
  const weakKeys = (emq?.match_key_feedback ?? []).filter((k) => (pct(k.coverage?.percentage) ?? 0) < 50).map((k) => k.identifier);
  const result: EventVerdict = {
    event_name: event.event_name,
    verdict: 'deduplicated',
    failing: false,
    goal,
    weakKeys,
    diagnostics: (emq?.diagnostics ?? []).map((d) => ({
      name: d.name ?? 'diagnostic',
      ...(d.solution ? { solution: d.solution } : {}),
      ...(pct(d.percentage) !== undefined ? { percentage: pct(d.percentage)! } : {}),
    })),
    notes: [],
  };
  if (coverage !== undefined) result.coverage = coverage;
  const score = pct(emq?.composite_score);
  if (score !== undefined) result.matchQuality = score;
  if (event.data_freshness?.upload_frequency) result.freshness = event.data_freshness.upload_frequency;

  const name = event.event_name;
  if (coverage === undefined && !id) {
    result.verdict = 'server only';
    result.notes.push(
      `${name}: Meta reports no browser events to pair, which is expected for events sent only from the server (order webhooks, renewals, in-store sales). If the page fires ${name} too, the Pixel's hits are not reaching Meta.`,
    );
    addQualityNotes(result, event);
    return result;
  }
  const browserId = pct(id?.browser_events_with_dedupe_key?.percentage) ?? 0;
  const serverId = pct(id?.server_events_with_dedupe_key?.percentage) ?? 0;
  const matched = pct(id?.overall_browser_coverage_from_dedupe_key?.percentage) ?? 0;
  result.eventId = { browser: browserId, server: serverId, matched };
  const anyServer = [...keys.values()].some((k) => (pct(k.server_events_with_dedupe_key?.percentage) ?? 0) > 0) || (coverage ?? 0) > 0;

  if (!anyServer) {
    result.verdict = 'browser only';
    result.notes.push(
      `${name}: Meta has browser events but no server events to pair them with. Is the mirror endpoint mounted (app.use(tf)) and does the server send? Run with --site to check the page.`,
    );
  } else if (matched <= SLACK) {
    result.verdict = 'broken';
    result.failing = true;
    if (browserId <= SLACK) {
      result.notes.push(
        `${name}: the Pixel's events carry no event_id, so Meta cannot pair them with the server's. The twinfire tag must run before fbevents.js: use baseCode: true (one tag), or put the tag right before Meta's base code, not async or defer.`,
      );
    } else if (serverId <= SLACK) {
      result.notes.push(`${name}: the server events carry no event_id. Send them through twinfire (the mirror, or tf.send with the page's event_id).`);
    } else {
      result.notes.push(
        `${name}: browser and server events both carry event_ids, but none match: Meta counts each pair twice. The server makes its own id instead of using the Pixel's eventID (send it through the mirror, or pass the page's id to tf.send).`,
      );
    }
  } else {
    const notes: string[] = [];
    if (coverage !== undefined && matched + SLACK < coverage) {
      result.failing = true;
      notes.push(
        `${name}: ${show(coverage - matched)} of browser events pair with a server event only by fbp or external_id, not by event_id: their ids differ or one side lacks it, so Meta may count them twice.`,
      );
    }
    if (browserId + SLACK < 100)
      notes.push(`${name}: ${show(100 - browserId)} of the Pixel's events have no event_id (sent before the twinfire tag ran, or by another tag).`);
    if (serverId + SLACK < 100)
      notes.push(`${name}: ${show(100 - serverId)} of the server events have no event_id: a browser twin can only pair with them by fbp or external_id.`);
    if (coverage !== undefined && coverage + SLACK < goal) {
      notes.push(
        `${name}: only ${show(coverage)} of browser events have a server twin (Meta's goal: ${goal}%). Mirrors are lost before your server (consent, bots filtered, a blocked or failing endpoint) or the server does not send them.`,
      );
    }
    if (notes.length > 0) {
      result.verdict = 'partly';
      result.notes.push(...notes);
    }
  }
  addQualityNotes(result, event);
  return result;
}

function addQualityNotes(result: EventVerdict, event: WebEventQuality): void {
  const name = event.event_name;
  for (const d of result.diagnostics) {
    const fix = DIAGNOSTIC_ADVICE[d.name] ?? d.solution;
    result.notes.push(`${name} diagnostic "${d.name}"${d.percentage !== undefined ? ` (${show(d.percentage)} of events)` : ''}${fix ? `: ${fix}` : ''}.`);
  }
  if (result.freshness && result.freshness !== 'real_time') {
    result.notes.push(
      `${name}: server events arrive ${result.freshness.replace('_', ' ')}; twinfire sends within seconds, so a backlog (Meta down, an outbox not draining) or a batch job is delaying them.`,
    );
  }
}
