// The app under test, in its own process: `node app.mjs <kind> <emulatorUrl> [<pgUrl> <schema>]`, kind one of
// twinfire | twinfire-sqlite | twinfire-postgres | bare | sdk. Every kind answers POST /twinfire.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { twinfire } from '@twinfire/express';
import express from 'express';
import { PIXEL_ID, TOKEN } from '../lib/payload.mjs';
import { failSetup, serveIpc } from '../lib/serve-ipc.mjs';
import { bareRoute } from './route-bare.mjs';
import { sdkRoute } from './route-sdk.mjs';

const [kind, emulatorUrl, pgUrl, pgSchema] = process.argv.slice(2);
const app = express();
let tf;
let dir;
let profiler;
try {
  if (kind === 'twinfire' || kind === 'twinfire-sqlite' || kind === 'twinfire-postgres') {
    // The load comes from one address and one cookie: the limiter stays in the measured path, with room for it.
    const options = { pixelId: PIXEL_ID, accessToken: TOKEN, graphUrl: emulatorUrl, rateLimit: { points: 1e9, ipPoints: 1e9 } };
    if (kind === 'twinfire-sqlite') {
      dir = mkdtempSync(path.join(tmpdir(), 'twinfire-bench-'));
      options.outbox = { sqlite: path.join(dir, 'outbox.db') };
    }
    // A connection string: twinfire opens its own pool (10) and creates the schema at start.
    if (kind === 'twinfire-postgres') options.outbox = { postgres: pgUrl, schema: pgSchema };
    tf = twinfire(options);
    app.use(tf);
    // The PostgreSQL outbox's schema is created at start: ready once that is done (and a bad URL fails here).
    await tf.stats();
  } else if (kind === 'bare') {
    app.post('/twinfire', bareRoute());
  } else if (kind === 'sdk') {
    app.post('/twinfire', sdkRoute(emulatorUrl));
  } else {
    throw new Error(`unknown app kind ${kind}`);
  }
} catch (error) {
  failSetup(error);
}
if (dir) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function cpuUs() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

if (tf || kind === 'bare' || kind === 'sdk') {
  const server = app.listen(0, '127.0.0.1', () => {
    serveIpc(
      { url: `http://127.0.0.1:${server.address().port}` },
      {
        // `cpu` is this process's CPU time in µs, so that a window's cost per request can be computed.
        stats: async () => ({ twinfire: (await tf?.stats()) ?? null, cpu: cpuUs() }),
        cpu: () => cpuUs(),
        cpuSplit: () => process.cpuUsage(),
        // A V8 CPU profile of a window of load (bench/lib/profile.mjs summarizes it): where the time goes.
        profileStart: async () => {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
          await profiler.post('Profiler.start');
          return true;
        },
        profileStop: async (file) => {
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          writeFileSync(file, JSON.stringify(profile));
          return file;
        },
        flush: async () => {
          await tf?.flush();
          return { twinfire: (await tf?.stats()) ?? null, cpu: cpuUs() };
        },
      },
    );
  });
}
