// Figure 4b: at low load (RATE mirrors/s for SECONDS s), how long after its 202 each mirror's server twin
// reaches the emulator: the emulator's received_at minus the moment the runner got the 202, by event_id.
// Both clocks are this machine's Date.now(). `kind` is the app's (servers/app.mjs): the memory outbox by default,
// `twinfire-postgres` for the PostgreSQL outbox (a fresh schema, dropped afterwards). Default flushIntervalMs.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild } from './lib/child.mjs';
import { mirrorBody, mirrorHeaders } from './lib/payload.mjs';
import { benchSchema } from './lib/postgres.mjs';
import { percentile } from './lib/stats.mjs';

export const RATE = 20;
export const SECONDS = 10;

export async function benchDeliveryDelay(emulator, kind = 'twinfire') {
  const pg = kind === 'twinfire-postgres' ? await benchSchema('bench_delay') : null;
  let app;
  try {
    app = await startChild('servers/app.mjs', pg ? [kind, emulator.url, pg.url, pg.schema] : [kind, emulator.url]);
    await fetch(`${emulator.url}/_emulator/events`, { method: 'DELETE' });
    const answeredAt = new Map();
    const posts = [];
    const start = performance.now();
    for (let i = 0; i < RATE * SECONDS; i++) {
      await sleep(Math.max(0, start + (i * 1000) / RATE - performance.now()));
      const id = `delay-${i}-${randomUUID()}`;
      posts.push(
        fetch(`${app.url}/twinfire`, { method: 'POST', headers: mirrorHeaders(app.url), body: mirrorBody(id) }).then((res) => {
          if (res.status === 202) answeredAt.set(id, Date.now());
          return res.arrayBuffer();
        }),
      );
    }
    await Promise.all(posts);
    const received = await waitForEvents(emulator, answeredAt, 5_000);
    const delays = [...answeredAt].filter(([id]) => received.has(id)).map(([id, at]) => received.get(id) - at);
    return {
      kind,
      ...(pg ? { postgres: pg.where } : {}),
      sent: RATE * SECONDS,
      answered202: answeredAt.size,
      delivered: delays.length,
      p50Ms: percentile(delays, 50),
      p99Ms: percentile(delays, 99),
      maxMs: Math.max(...delays),
    };
  } finally {
    await app?.stop();
    await pg?.drop();
  }
}

/** Polls the emulator until every answered event arrived, or the deadline passes. */
async function waitForEvents(emulator, answeredAt, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { events } = await (await fetch(`${emulator.url}/_emulator/events`)).json();
    const received = new Map(events.filter((e) => e.source === 'server').map((e) => [e.event_id, e.received_at]));
    if ([...answeredAt.keys()].every((id) => received.has(id)) || Date.now() > deadline) return received;
    await sleep(200);
  }
}
