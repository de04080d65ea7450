/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of `base * 2^(n-1)`,
 * capped at `max`. The jitter spreads retries of many processes; the lower half keeps a floor so a retry
 * never comes back instantly.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
