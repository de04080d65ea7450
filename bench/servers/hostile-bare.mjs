// Figure 6's comparison: `node hostile-bare.mjs`. What a shop's process would go through under the same flood
// without twinfire: Express 5, a bare `POST /twinfire` that reads the text body (64 KiB at most) and parses it,
// holding the backlog's events as JSON text in a Map (as twinfire's memory outbox holds them, without its
// indexes), answering 202 while it has room for BACKLOG events and 503 after; `GET /twinfire.js` serves the
// built script from memory. Same IPC calls as hostile-app.mjs, so the runner drives both alike.
import { readFileSync } from 'node:fs';
import express from 'express';
import { backlogEvent, liveHeap, phaseMonitor } from '../lib/phase-monitor.mjs';
import { serveIpc } from '../lib/serve-ipc.mjs';
import { readJson } from './read-text.mjs';

const SCRIPT = readFileSync(new URL('../../packages/browser/dist/twinfire.min.js', import.meta.url));
const phase = phaseMonitor();
const held = new Map();
let heldBytes = 0;
let capacity = Number.POSITIVE_INFINITY;
const counts = { received: 0, accepted: 0, rejected: 0 };

function hold(id, json) {
  if (held.size >= capacity) return false;
  held.set(id, json);
  heldBytes += json.length;
  counts.accepted++;
  return true;
}

function stats() {
  return { ...counts, queued: held.size, inFlight: 0, queuedBytes: heldBytes, dead: 0, deadBytes: 0, deadEvicted: 0, rss: process.memoryUsage().rss };
}

const app = express();
app.get('/twinfire.js', (_req, res) => res.type('text/javascript').send(SCRIPT));
app.post('/twinfire', async (req, res) => {
  counts.received++;
  let mirror;
  try {
    mirror = await readJson(req);
  } catch (error) {
    return res.status(error.status ?? 400).json({ error: { code: 'bad_request' } });
  }
  if (hold(`${mirror?.event_name}\u0000${mirror?.event_id}`, JSON.stringify(mirror))) return res.status(202).json({ ok: true });
  counts.rejected++;
  res.status(503).json({ error: { code: 'queue_full' } });
});

const server = app.listen(0, '127.0.0.1', () => {
  serveIpc(
    { url: `http://127.0.0.1:${server.address().port}`, rss: process.memoryUsage().rss },
    {
      fill(total) {
        const started = performance.now();
        const now = Math.floor(Date.now() / 1000);
        for (let i = 0; i < total; i++) {
          const event = backlogEvent(i, now);
          hold(`${event.event_name}\u0000${event.event_id}`, JSON.stringify(event));
        }
        // Full from here on: the flood and the visitor get 503, as from a twinfire queue at its cap.
        capacity = held.size;
        return { fillMs: performance.now() - started, refused: {}, ...stats() };
      },
      stats,
      phase: () => phase(),
      liveHeap,
    },
  );
});
