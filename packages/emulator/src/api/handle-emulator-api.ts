import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan } from '../faults/fault-plan.js';
import { parseFaults } from '../faults/fault-spec.js';
import { COVERAGE_GOAL_PERCENTAGE, measureQuality } from '../quality/event-quality.js';
import { readBody } from '../server/read-body.js';
import { allowAnyOrigin, sendJson } from '../server/respond.js';
import type { EventStore } from '../store/event-store.js';

export interface ApiContext {
  store: EventStore;
  faults: FaultPlan;
  now: () => number;
}

/** `/_emulator/*`: the JSON API for tests, tools and the page. Returns false for an unknown path. */
export async function handleEmulatorApi(req: IncomingMessage, res: ServerResponse, path: string, ctx: ApiContext): Promise<boolean> {
  allowAnyOrigin(res);
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204).end();
    return true;
  }
  if (method !== 'GET' && method !== 'HEAD' && !sameOriginOrTool(req)) {
    sendJson(res, 403, {
      error: { message: 'only the emulator page itself or a tool without an Origin header may change the emulator', code: 'forbidden_origin' },
    });
    return true;
  }
  const { store, faults } = ctx;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_emulator/events':
      sendJson(res, 200, { events: store.listEvents(), dropped: store.droppedEvents, max_events: store.maxEvents });
      return true;
    case 'DELETE /_emulator/events':
      store.reset();
      sendJson(res, 200, { ok: true });
      return true;
    case 'GET /_emulator/rejections':
      sendJson(res, 200, { rejections: store.listRejections(), dropped: store.droppedRejections });
      return true;
    case 'GET /_emulator/quality':
      sendJson(res, 200, {
        coverage_goal_percentage: COVERAGE_GOAL_PERCENTAGE,
        pixels: [...measureQuality(store.listEvents())].map(([pixel_id, events]) => ({ pixel_id, events })),
      });
      return true;
    case 'GET /_emulator/requests':
      sendJson(res, 200, store.requests.toJSON());
      return true;
    case 'GET /_emulator/faults':
      sendJson(res, 200, { faults: faults.list(ctx.now()) });
      return true;
    case 'DELETE /_emulator/faults':
      faults.clear();
      sendJson(res, 200, { faults: [] });
      return true;
    case 'POST /_emulator/faults':
      await addFaults(req, res, ctx);
      return true;
    default:
      if (!path.startsWith('/_emulator/')) return false;
      sendJson(res, 405, { error: { message: `${method} ${path} is not part of the emulator API; see the README for the endpoints.` } });
      return true;
  }
}

async function addFaults(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const body = await readBody(req, 1024 * 1024);
  try {
    const specs = parseFaults(JSON.parse(body.toString('utf8') || 'null'));
    ctx.faults.add(specs, ctx.now());
    sendJson(res, 200, { faults: ctx.faults.list(ctx.now()) });
  } catch (error) {
    sendJson(res, 400, { error: { message: `Could not read the fault script: ${(error as Error).message}` } });
  }
}

/**
 * Writes (reset, faults) come from tools (no Origin header: curl, tests) or from the emulator's own page.
 * A text/plain POST from another site needs no preflight, so CORS headers alone would not stop it.
 */
function sameOriginOrTool(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}
