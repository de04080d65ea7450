#!/usr/bin/env node
// `npm start`: the local emulator on EMULATOR_PORT (4010) and the shop on PORT (3000). With META_PIXEL_ID and
// META_ACCESS_TOKEN set, the shop talks to Meta instead and no emulator is started. Ctrl-C stops both.
import { serve } from '@hono/node-server';
import { startEmulator } from '@twinfire/emulator';
import { createShop } from './src/shop.js';

const port = Number(process.env.PORT ?? 3000);
const real = Boolean(process.env.META_PIXEL_ID && process.env.META_ACCESS_TOKEN);
const emulator = real ? null : await startEmulator({ port: Number(process.env.EMULATOR_PORT ?? 4010) });
const { app, tf } = createShop(
  emulator
    ? { pixelId: '1234567890', accessToken: 'emulator-token', graphUrl: emulator.url, fbeventsUrl: `${emulator.url}/fbevents.js` }
    : { pixelId: String(process.env.META_PIXEL_ID), accessToken: String(process.env.META_ACCESS_TOKEN) },
);
const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });

console.log(`\n  Shop               http://127.0.0.1:${port}`);
if (emulator) console.log(`  Events Manager     ${emulator.url}   (local emulator: browser + server events, deduplicated)`);
else console.log(`  Sending to Meta    pixel ${process.env.META_PIXEL_ID}`);
console.log('\n  Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping: delivering queued events…');
  await new Promise((resolve) => server.close(resolve));
  await tf.close();
  await emulator?.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
