// Figure 6, app side: `node hostile-app.mjs <memory|sqlite> <emulatorUrl>`. Express 5 with twinfire mounted
// with its default limits, except the rate limiter (the whole flood comes from one loopback address: with
// the default 120 mirrors a minute it would answer 429 before anything reached the queue). It fills a backlog
// with tf.send() on request, and samples its own RSS every 20 ms from the start, per phase.
import express from 'express';
import { openTwinfire } from '../lib/open-twinfire.mjs';
import { PIXEL_ID, TOKEN } from '../lib/payload.mjs';
import { backlogEvent, liveHeap, phaseMonitor } from '../lib/phase-monitor.mjs';
import { serveIpc } from '../lib/serve-ipc.mjs';

const [kind, emulatorUrl] = process.argv.slice(2);
// Sends in flight at once while filling the backlog, like as many concurrent requests.
const CHUNK = 100;

// Log lines are counted, not printed: a flood would otherwise fill the runner's terminal.
const logged = {};
const count = (level) => (_obj, msg) => (logged[`${level}: ${msg}`] = (logged[`${level}: ${msg}`] ?? 0) + 1);
const logger = { info() {}, warn: count('warn'), error: count('error') };

// HOSTILE_MAX_QUEUE_BYTES: another maxQueueBytes (with BENCH_NODE_ARGS=--max-old-space-size=..., a heap cap).
const maxQueueBytes = process.env.HOSTILE_MAX_QUEUE_BYTES ? { maxQueueBytes: Number(process.env.HOSTILE_MAX_QUEUE_BYTES) } : {};
const tf = openTwinfire(kind, {
  pixelId: PIXEL_ID,
  accessToken: TOKEN,
  graphUrl: emulatorUrl,
  logger,
  rateLimit: { points: 1e9, ipPoints: 1e9 },
  ...maxQueueBytes,
});

const phase = phaseMonitor();

/** The stats fields the hostile bench reports. */
const REPORTED = [
  'received',
  'accepted',
  'sent',
  'retried',
  'requests',
  'rejected',
  'dropped',
  'failures',
  'queued',
  'inFlight',
  'queuedBytes',
  'dead',
  'deadBytes',
  'deadEvicted',
  'deadByReason',
  'maxQueue',
  'maxQueueBytes',
];

async function stats() {
  const s = await tf.stats();
  return { ...Object.fromEntries(REPORTED.map((key) => [key, s[key]])), rss: process.memoryUsage().rss };
}

if (tf) {
  const app = express();
  app.use(tf);
  const server = app.listen(0, '127.0.0.1', () => {
    serveIpc(
      { url: `http://127.0.0.1:${server.address().port}`, rss: process.memoryUsage().rss },
      {
        async fill(total) {
          const started = performance.now();
          const now = Math.floor(Date.now() / 1000);
          const refused = {};
          for (let i = 0; i < total; i += CHUNK) {
            const chunk = [];
            for (let j = i; j < Math.min(total, i + CHUNK); j++) chunk.push(tf.send(backlogEvent(j, now)));
            // A refusal (queue full by count or by bytes) is counted, not thrown: the figure says how many were held.
            for (const result of await Promise.allSettled(chunk)) {
              if (result.status === 'rejected') refused[result.reason?.code ?? 'error'] = (refused[result.reason?.code ?? 'error'] ?? 0) + 1;
            }
          }
          return { fillMs: performance.now() - started, refused, ...(await stats()) };
        },
        stats,
        /** Ends a phase: its sampled RSS peak and event loop delay, then starts the next one. */
        phase: () => phase(logged),
        liveHeap,
      },
    );
  });
}
