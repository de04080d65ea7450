/**
 * Posts one mirror without blocking or throwing: `sendBeacon` with a string body (text/plain, so no CORS
 * preflight, and it survives page unload), else (refused, over its quota) `fetch` with `keepalive`.
 * Failures, a payload JSON cannot encode (circular params) included, are only logged, and only in debug.
 */
export function send(endpoint: string, payload: object, log: (...data: unknown[]) => unknown): void {
  try {
    const body = JSON.stringify(payload);
    // A string body already goes as text/plain;charset=UTF-8 and credentials default to 'same-origin':
    // neither is spelled out, to save bytes.
    navigator.sendBeacon(endpoint, body) || fetch(endpoint, { method: 'POST', body, keepalive: true }).catch(log);
  } catch (error) {
    log(error);
  }
}
