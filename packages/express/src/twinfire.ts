import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createTwinfire,
  type EndpointRequest,
  type AllowedOrigins as ServerAllowedOrigins,
  type TwinfireCommonOptions as ServerCommonOptions,
  type TwinfireOptions as ServerOptions,
  TwinfireError,
  type TwinfireInstance,
} from '@twinfire/server';
import { nodeHandler, nodeRequest } from '@twinfire/server/node';
import { requestHost } from './request-host.js';

/** The Express additions twinfire uses when present (all optional: a bare `node:http` request works too). */
export interface ExpressLikeRequest extends IncomingMessage {
  ip?: string;
  secure?: boolean;
  hostname?: string;
  baseUrl?: string;
  body?: unknown;
  _body?: unknown;
}

/** Options of `twinfire(options)`: the server's, with hooks receiving the Express request. */
export type TwinfireOptions = ServerOptions<IncomingMessage>;
/** Every option besides the pixels. */
export type TwinfireCommonOptions = ServerCommonOptions<IncomingMessage>;
export type AllowedOrigins = ServerAllowedOrigins<IncomingMessage>;

export type NextFunction = (error?: unknown) => void;
export type Middleware = (req: IncomingMessage, res: ServerResponse, next?: NextFunction) => void;

/** The middleware, plus the methods of the instance. */
export interface Twinfire extends Middleware, TwinfireInstance<IncomingMessage> {}

/**
 * Creates a twinfire instance as Express middleware: `app.use(twinfire({ pixels: [{ id, accessToken }] }))`.
 * `POST <path>` (mirror), `GET|HEAD <scriptPath>` (browser script), anything else to `next()` (or 404 when
 * used as a bare `node:http` handler). Paths are relative to where it is mounted. Options are checked here,
 * once; a mistake throws a {@link TwinfireError} that says how to fix it.
 */
export function twinfire(options: TwinfireOptions): Twinfire {
  // biome-ignore lint/complexity/noArguments: Express calls the factory itself as middleware when it was mounted uncalled; arguments tells
  if (looksLikeMiddlewareCall(arguments)) return notCalled(arguments);
  const instance = createTwinfire<IncomingMessage>(options);
  return Object.assign(nodeHandler(instance, expressRequest), instance);
}

/**
 * The neutral view of an Express request: Express's `req.ip` and `req.secure` (the app's `trust proxy`
 * decides whether `X-Forwarded-*` count; the socket's without Express), the host Express resolved, the
 * mount path (`req.baseUrl`), and the body a parser (express.json(), express.text()) may already have read.
 */
export function expressRequest(req: ExpressLikeRequest): EndpointRequest<IncomingMessage> {
  const consumed = req.readableEnded || req._body === true;
  const overrides: Partial<EndpointRequest<IncomingMessage>> = {
    host: requestHost(req),
    mountPath: typeof req.baseUrl === 'string' ? req.baseUrl : '',
    body: consumed ? ((req.body ?? {}) as EndpointRequest['body']) : req,
  };
  if (typeof req.ip === 'string' && req.ip !== '') overrides.ip = req.ip;
  if (typeof req.secure === 'boolean') overrides.https = req.secure;
  return nodeRequest(req, overrides);
}

/** Express calls `twinfire(req, res, next)` when the app did `app.use(twinfire)` without options. */
function looksLikeMiddlewareCall(args: IArguments): boolean {
  const [req, res] = args as unknown as [unknown, unknown];
  return (
    args.length >= 2 &&
    typeof req === 'object' &&
    req !== null &&
    'headers' in req &&
    'method' in req &&
    typeof res === 'object' &&
    res !== null &&
    typeof (res as { setHeader?: unknown }).setHeader === 'function'
  );
}

function notCalled(args: IArguments): never {
  const error = new TwinfireError(
    'ERR_TWINFIRE_NOT_CALLED',
    '',
    'twinfire was mounted without being called: use app.use(twinfire({ pixels: [{ id, accessToken }] })), not app.use(twinfire).',
  );
  console.error(error.message);
  const next = args[2] as unknown;
  if (typeof next === 'function') {
    next(error);
    return undefined as never;
  }
  throw error;
}
