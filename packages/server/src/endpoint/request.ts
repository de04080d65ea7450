/** Request headers, names in lower case (Node's `req.headers` as is; a `Headers` object through `headersOf`). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A Node.js readable stream, as far as twinfire reads one (`IncomingMessage`, Fastify's `request.raw`). */
// biome-ignore-start lint/suspicious/noExplicitAny: Node's stream listeners take any arguments
export interface NodeReadableLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
  readableEnded?: boolean;
}
// biome-ignore-end lint/suspicious/noExplicitAny: Node's stream listeners take any arguments

/**
 * The request body, read by twinfire within `maxBodyBytes` and `bodyTimeoutMs`: a Node stream or a web
 * `ReadableStream` (read only once the cheaper checks have passed), the text or bytes already read, or an
 * object a body parser made of it. `null`/`undefined`: no body.
 */
export type BodyInput = string | Uint8Array | NodeReadableLike | ReadableStream<Uint8Array> | Record<string, unknown> | null | undefined;

/**
 * One HTTP request, as an adapter hands it to {@link handleRequest}: plain values, no framework object. What
 * the framework knows better than the headers (the client IP and scheme behind a trusted proxy, the host the
 * browser addressed) comes from the framework.
 */
export interface EndpointRequest<Raw = unknown> {
  method: string;
  /** The path under the mount point, without the query string: `/twinfire`, `/twinfire.js`. */
  path: string;
  /** Where the adapter is mounted (`/shop` for `app.use('/shop', tf)`), `''` at the root. Default `''`. */
  mountPath?: string;
  headers: RequestHeaders;
  /** The visitor's IP address (the framework's, trust-proxy aware). Without it the event has no `client_ip_address`. */
  ip?: string | undefined;
  /** The host and port the browser addressed (`shop.example:8443`). Default: the `Host` header. */
  host?: string | undefined;
  /** Did the browser use https? Default `false`. */
  https?: boolean | undefined;
  body?: BodyInput;
  /** The framework's own request object, handed to your hooks (`userData(req)`, `consent(req)`, ...). */
  raw?: Raw;
}

/** What {@link handleRequest} answers; the adapter writes it as is. */
export interface EndpointResponse {
  status: number;
  headers: Record<string, string | string[]>;
  /** `undefined`: no body (204, 304, HEAD). */
  body: string | Uint8Array | undefined;
  /**
   * Close the connection after this answer: the request body was refused unread (too large, too slow, or
   * not wanted), and reading it to keep the connection would be the attacker's win.
   */
  close: boolean;
}

/** A `Headers` object (web `Request`) as {@link RequestHeaders}. */
export function headersOf(headers: Headers): RequestHeaders {
  const out: Record<string, string> = Object.create(null);
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** A header's one value (the first of a repeated one), `undefined` when absent or empty. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' && one !== '' ? one : undefined;
}
