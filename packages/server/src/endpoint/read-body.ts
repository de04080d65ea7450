import { type EndpointRequest, headerValue, type NodeReadableLike } from './request.js';

export type BodyResult =
  | { ok: true; value: string | object }
  | { ok: false; status: 400 | 408 | 413; code: 'payload_too_large' | 'body_timeout' | 'empty_body' | 'invalid_encoding' | 'aborted'; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the request body as UTF-8 text, at most `limit` bytes within `timeoutMs`: a larger `Content-Length`
 * is refused before reading a byte, a body that grows past the limit stops being buffered at once, and a body
 * still incomplete at the deadline is refused (408): a client trickling bytes holds a socket for seconds, not
 * for Node's default 5 minutes. A Node stream and a web `ReadableStream` are read the same way; text, bytes
 * and an object a body parser made (express.json(), express.text()) are taken as they are.
 */
export function readBody(request: EndpointRequest, limit: number, timeoutMs: number): Promise<BodyResult> {
  const body = request.body;
  if (body === null || body === undefined) return Promise.resolve(EMPTY);
  if (typeof body === 'string') return Promise.resolve(decodeText(body, limit));
  if (body instanceof Uint8Array) return Promise.resolve(body.length > limit ? tooLarge(limit) : decode(body));
  const declared = Number(headerValue(request.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge(limit));
  if (isWebStream(body)) return readWebStream(body, limit, timeoutMs);
  if (isNodeStream(body)) {
    if (body.readableEnded) return Promise.resolve({ ok: false, status: 400, code: 'empty_body', message: PARSED_ELSEWHERE });
    return readNodeStream(body, limit, timeoutMs);
  }
  return Promise.resolve(Object.keys(body).length > 0 ? { ok: true, value: body } : { ok: false, status: 400, code: 'empty_body', message: PARSED_ELSEWHERE });
}

const PARSED_ELSEWHERE = 'the body is empty (or was consumed by another body parser); mount twinfire before body parsers';
const EMPTY: BodyResult = { ok: false, status: 400, code: 'empty_body', message: 'the body is empty; send one mirror payload as JSON' };

function isWebStream(body: object): body is ReadableStream<Uint8Array> {
  return typeof (body as { getReader?: unknown }).getReader === 'function';
}

function isNodeStream(body: object): body is NodeReadableLike {
  return typeof (body as { on?: unknown }).on === 'function' && typeof (body as { off?: unknown }).off === 'function';
}

function timeout(timeoutMs: number): BodyResult {
  return { ok: false, status: 408, code: 'body_timeout', message: `the body did not arrive within ${timeoutMs} ms` };
}

function readNodeStream(stream: NodeReadableLike, limit: number, timeoutMs: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stream.off('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => {
      chunks.length = 0;
      finish(timeout(timeoutMs));
    }, timeoutMs);
    timer.unref?.();
    const onData = (chunk: Uint8Array): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(decode(Buffer.concat(chunks))));
    stream.once('error', () => finish({ ok: false, status: 400, code: 'aborted', message: 'the request body could not be read' }));
    stream.once('close', () => finish({ ok: false, status: 400, code: 'aborted', message: 'the request was aborted' }));
  });
}

async function readWebStream(stream: ReadableStream<Uint8Array>, limit: number, timeoutMs: number): Promise<BodyResult> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = stream.getReader();
  } catch {
    return { ok: false, status: 400, code: 'empty_body', message: PARSED_ELSEWHERE };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let result: BodyResult | undefined;
  try {
    while (result === undefined) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'timeout') result = timeout(timeoutMs);
      else if (next.done) result = decode(Buffer.concat(chunks));
      else if ((size += next.value.length) > limit) result = tooLarge(limit);
      else chunks.push(next.value);
    }
  } catch {
    result = { ok: false, status: 400, code: 'aborted', message: 'the request body could not be read' };
  } finally {
    clearTimeout(timer);
  }
  if (!result.ok) reader.cancel().catch(() => undefined);
  return result;
}

function tooLarge(limit: number): BodyResult {
  return { ok: false, status: 413, code: 'payload_too_large', message: `the body is larger than ${limit} bytes` };
}

/** A body a parser already decoded: only its size (in UTF-8 bytes), a BOM and emptiness are left to check. */
function decodeText(text: string, limit: number): BodyResult {
  return Buffer.byteLength(text, 'utf8') > limit ? tooLarge(limit) : withoutBom(text);
}

function decode(bytes: Uint8Array): BodyResult {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, status: 400, code: 'invalid_encoding', message: 'the body is not valid UTF-8' };
  }
  return withoutBom(text);
}

function withoutBom(text: string): BodyResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.trim() === '' ? EMPTY : { ok: true, value: body };
}
