import type { GraphOutcome } from './graph-client.js';

/**
 * What to do after a Conversions API answer (meta-facts §4; classify by Meta's `code`, not by HTTP status):
 * - `ok`: delivered.
 * - `transient` (codes 1, 2, 341, 5xx, timeouts, connection errors, unexpected answers): retry with backoff.
 * - `throttle` (4, 17, 32, 613, 80000-80014): pause the whole pixel, burn no attempt.
 * - `auth` (190 token, 10 and 200-299 permission, 3 capability, 100/33 unknown object): pause the pixel,
 *   keep every event, alert once.
 * - `invalid` (other 100s, e.g. 100/2804xxx): one of the events is refused; split the batch to find it.
 */
export type Verdict = 'ok' | 'transient' | 'throttle' | 'auth' | 'invalid';

export function classify(outcome: GraphOutcome, sent: number): Verdict {
  if (outcome.kind === 'ok') return outcome.eventsReceived === sent ? 'ok' : 'transient';
  if (outcome.kind === 'network') return 'transient';
  const { code, error_subcode: subcode } = outcome.error;
  if (code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code <= 80014)) return 'throttle';
  if (code === 190 || code === 10 || code === 3 || (code >= 200 && code <= 299)) return 'auth';
  if (code === 100) return subcode === 33 ? 'auth' : 'invalid';
  if (code === 1 || code === 2 || code === 341) return 'transient';
  // Unknown codes: a 4xx is a request Meta will keep refusing; treat it as invalid so the split sets the
  // culprit aside instead of retrying forever. Anything else: transient.
  return outcome.status >= 400 && outcome.status < 500 ? 'invalid' : 'transient';
}
