/**
 * Posts one body without blocking: `navigator.sendBeacon` with a string body (text/plain, so no CORS
 * preflight, and it survives page unload). A refused beacon (Chromium's 64 KB keepalive quota is full) is
 * not dropped: it goes with `fetch`, with `keepalive` only when the page is going away (`unload`), because
 * a keepalive fetch counts against the same quota and a plain one has none. No retry on a failed fetch
 * (57 bytes min+gzip): an accepted beacon cannot be retried either, and the loss measured was the quota.
 * A failure is only logged, and only in debug.
 */
export function send(endpoint: string, body: string, log: (...data: unknown[]) => unknown, unload?: unknown): void {
  // A string body already goes as text/plain;charset=UTF-8 and credentials default to 'same-origin':
  // neither is spelled out, to save bytes. `unload` may be the pagehide event: any object is true for
  // keepalive. What sendBeacon throws (a malformed endpoint URL) is caught by the caller (createQueue).
  navigator.sendBeacon(endpoint, body) || fetch(endpoint, { method: 'POST', body, keepalive: unload as boolean }).catch(log);
}
