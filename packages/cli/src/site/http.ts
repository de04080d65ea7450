/** `fetch` with a deadline, answering a result instead of throwing: network trouble is a finding, not a crash. */

export type Fetched = { ok: true; response: Response; body: string; url: string } | { ok: false; error: string };

export async function fetchText(url: string, init: RequestInit, timeoutMs: number): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'follow', ...init, signal: controller.signal });
    const body = await readCapped(response, MAX_RESPONSE_BYTES);
    if (body === undefined) return { ok: false, error: `the answer is over ${MAX_RESPONSE_BYTES / 1024 / 1024} MB` };
    return { ok: true, response, body, url: response.url || url };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, error: `no answer within ${timeoutMs} ms` };
    return { ok: false, error: describeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** The most the checks read of one answer (a page, a script, Graph's JSON): a larger one is refused, not held. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** The body as UTF-8 text, or `undefined` once it passes `maxBytes` (the rest is not read). */
export async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
}

/** `fetch failed` says nothing: the cause (ECONNREFUSED, ENOTFOUND, a TLS error) does. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

/** A user agent that the middleware's bot guard takes for a visitor (it refuses none of the checks' requests anyway). */
export const CHECK_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 twinfire-verify';
