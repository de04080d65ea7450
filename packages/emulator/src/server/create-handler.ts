import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleEmulatorApi } from '../api/handle-emulator-api.js';
import type { FaultPlan } from '../faults/fault-plan.js';
import { handleDatasetQuality } from '../graph/handle-dataset-quality.js';
import { handleEvents } from '../graph/handle-events.js';
import { metaError } from '../graph/meta-error.js';
import type { ResolvedOptions } from '../options.js';
import { handlePixelHit, serveFbevents } from '../pixel/handle-pixel.js';
import type { EventStore } from '../store/event-store.js';
import { pageHtml } from '../ui/page-html.js';
import { BodyTooLargeError } from './read-body.js';
import { sendJson, sendText } from './respond.js';
import type { Sleeper } from './sleeper.js';

export interface HandlerContext {
  store: EventStore;
  faults: FaultPlan;
  options: ResolvedOptions;
  sleeper: Sleeper;
}

/** `/v25.0/1234/events` -> pixel id `1234` (any `vN.N` version). */
const EVENTS_PATH = /^\/v\d+\.\d+\/([^/]+)\/events\/?$/;
/** `/v25.0/dataset_quality` (Graph also answers without a version). */
const DATASET_QUALITY_PATH = /^(?:\/v\d+\.\d+)?\/dataset_quality\/?$/;
/** `/v25.0/1234/dataset_quality`: a common mistake, answered with Graph's error. */
const NESTED_DATASET_QUALITY_PATH = /^(?:\/v\d+\.\d+)?\/[^/]+\/dataset_quality\/?$/;

/** Routes every request; no error escapes to node:http. */
export function createHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  const page = pageHtml();
  return (req, res) => {
    route(req, res, ctx, page).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: metaError(100, { message: `(#100) ${error.message}` }) });
      else sendJson(res, 500, { error: metaError(1, { message: `Emulator error: ${(error as Error)?.message ?? String(error)}` }) });
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: HandlerContext, page: string): Promise<void> {
  const method = req.method ?? 'GET';
  const url = parseUrl(req.url);
  // A request line no URL parser accepts (`//`, say) is the client's mistake: Meta's 400, not a 500.
  if (!url) return sendJson(res, 400, { error: metaError(100, { message: `Unknown path components: ${method} (the request path is not a valid URL path)` }) });
  const path = url.pathname;
  if (path.startsWith('/_emulator/')) {
    await handleEmulatorApi(req, res, path, { store: ctx.store, faults: ctx.faults, now: ctx.options.now });
    return;
  }
  const events = EVENTS_PATH.exec(path);
  if (events && method === 'POST') {
    await handleEvents(req, res, decodeSegment(events[1]!), url, ctx);
    return;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (DATASET_QUALITY_PATH.test(path)) return handleDatasetQuality(req, res, url, ctx);
    if (NESTED_DATASET_QUALITY_PATH.test(path)) {
      return sendJson(res, 400, { error: metaError(2500, { message: 'Unknown path components: /dataset_quality' }) });
    }
    if (path === '/') return sendText(res, 200, 'text/html', page);
    if (path === '/fbevents.js') return serveFbevents(res);
    if (path === '/tr' || path === '/tr/') return handlePixelHit(req, res, url, ctx.store, ctx.options.now);
  }
  sendJson(res, 404, {
    error: metaError(100, {
      message: `Unknown path components: ${method} ${path} (the emulator serves /, /fbevents.js, /tr, POST /<version>/<pixel id>/events, GET /<version>/dataset_quality and /_emulator/*)`,
    }),
  });
}

function parseUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://emulator.invalid');
  } catch {
    return undefined;
  }
}

/** A path segment, percent-decoded; a malformed escape (`%E0`) stays as sent, and the pixel id check refuses it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
