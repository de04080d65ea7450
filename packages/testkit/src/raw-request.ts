import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/** What {@link rawRequest} got back. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  json: any;
  /**
   * Resolves `true` once the server has closed the (keep-alive) connection, `false` if it still has not
   * after `withinMs` (at most 1.4 s: the client drops it itself after 1.5 s).
   */
  socketClosed(withinMs?: number): Promise<boolean>;
}

/** How {@link rawRequest} sends its request. */
export interface RawRequestOptions {
  method?: string;
  /** Every header as given (Host included); nothing is added but what Node always sends. */
  headers?: Record<string, string>;
  /** The whole body, sent with its `Content-Length` (unless `headers` say otherwise). */
  body?: string | Buffer;
  /** The body in pieces, written one after the other with chunked transfer encoding. */
  chunks?: (string | Buffer)[];
  /** Write `body` but never finish the request (a client trickling its body); dropped 1.5 s after the answer. */
  unfinished?: boolean;
}

/**
 * A tiny HTTP client over node:http: full control of every header, and a response is returned even when
 * the server closes the connection before the whole body was written (413) or was never sent (408).
 */
export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let socket: Socket | undefined;
    let closed = false;
    // A keep-alive connection of its own: whether the server closes it after answering is for it to decide.
    const agent = new Agent({ keepAlive: true });
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const done = () => {
        if (settled) return;
        settled = true;
        setTimeout(() => {
          req.destroy();
          agent.destroy();
        }, LINGER_MS).unref();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text), socketClosed: (withinMs = 1000) => waitClosed(withinMs) });
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.on('socket', (s: Socket) => {
      socket = s;
      s.once('close', () => (closed = true));
    });
    const waitClosed = (withinMs: number) =>
      new Promise<boolean>((done) => {
        if (closed || socket === undefined) return done(true);
        withinMs = Math.min(withinMs, LINGER_MS - 100);
        const timer = setTimeout(() => done(false), withinMs);
        socket.once('close', () => {
          clearTimeout(timer);
          done(true);
        });
      });
    req.on('error', (error) => {
      if (!settled) setTimeout(() => (settled ? undefined : reject(error)), 50);
    });
    if (options.chunks) {
      for (const chunk of options.chunks) req.write(chunk);
      req.end();
    } else if (options.unfinished) req.write(options.body ?? '');
    else if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** How long a connection is kept open after its answer, for {@link RawResponse.socketClosed}. */
const LINGER_MS = 1500;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
