import type { Harness } from '../harness.js';
import { type RawResponse, rawRequest } from '../http-client.js';

/**
 * POSTs a mirror with exactly these headers (plus a text/plain content type): unlike `h.post()`, no
 * `Origin` or `User-Agent` is added, so a test can leave them out or forge `Host`.
 */
export function postExactly(h: Harness, body: unknown, headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(`${h.site.url}/twinfire`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The `Host` header value the harness site answers on (`127.0.0.1:<port>`). */
export function siteHost(h: Harness): string {
  return new URL(h.site.url).host;
}
