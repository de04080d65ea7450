import type { ExpressLikeRequest } from '../enrich/request-info.js';

export type BodyResult =
  | { ok: true; value: string | object }
  | { ok: false; status: 400 | 408 | 413; code: 'payload_too_large' | 'body_timeout' | 'empty_body' | 'invalid_encoding' | 'aborted'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the request body as UTF-8 text, at most `limit` bytes within `timeoutMs`: a larger `Content-Length`
 * is refused before reading a byte, a body that grows past the limit stops being buffered at once, and a body
 * still incomplete at the deadline is refused (408): a client trickling bytes holds a socket for seconds, not
 * for Node's default 5 minutes. When a body parser (express.json(), express.text()) already consumed the
 * stream, its `req.body` is used instead.
 */
export function readBody(req: ExpressLikeRequest, limit: number, timeoutMs: number): Promise<BodyResult> {
  if (req.readableEnded || (req as { _body?: unknown })._body === true) return Promise.resolve(fromParsedBody(req.body));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(limit));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => {
      chunks.length = 0;
      finish({ ok: false, status: 408, code: 'body_timeout', message: `the body did not arrive within ${timeoutMs} ms` });
    }, timeoutMs);
    timer.unref?.();
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        return finish(tooLarge(limit));
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(decode(Buffer.concat(chunks))));
    req.once('error', () => finish({ ok: false, status: 400, code: 'aborted', message: 'the request body could not be read' }));
    req.once('close', () => finish({ ok: false, status: 400, code: 'aborted', message: 'the request was aborted' }));
  });
}

function tooLarge(limit: number): BodyResult {
  return { ok: false, status: 413, code: 'payload_too_large', message: `the body is larger than ${limit} bytes` };
}

function decode(bytes: Buffer): BodyResult {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, status: 400, code: 'invalid_encoding', message: 'the body is not valid UTF-8' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, status: 400, code: 'empty_body', message: 'the body is empty; send one mirror payload as JSON' };
  return { ok: true, value: text };
}

function fromParsedBody(body: unknown): BodyResult {
  if (typeof body === 'string') return decode(Buffer.from(body, 'utf8'));
  if (Buffer.isBuffer(body)) return decode(body);
  if (body !== null && typeof body === 'object' && Object.keys(body).length > 0) return { ok: true, value: body };
  return { ok: false, status: 400, code: 'empty_body', message: 'the body is empty (or was consumed by another body parser); mount twinfire before body parsers' };
}
