#!/usr/bin/env node
// `npm start`: the local emulator on EMULATOR_PORT (4010) and the shop on PORT (3000). With META_ACCESS_TOKEN
// set, the shop sends to Meta instead and no emulator is started. Ctrl-C stops both cleanly.
import { startEmulator } from '@twinfire/emulator';
import { createShop } from './app.js';

const env = process.env;
const emulator = env.META_ACCESS_TOKEN ? null : await startEmulator({ port: Number(env.EMULATOR_PORT ?? 4010) });
const shop = await createShop({
  pixelId: env.META_PIXEL_ID ?? '1234567890',
  accessToken: env.META_ACCESS_TOKEN ?? 'demo-token',
  testEventCode: env.META_TEST_EVENT_CODE || undefined,
  graphUrl: emulator?.url,
  fbeventsUrl: emulator ? `${emulator.url}/fbevents.js` : undefined,
});
const url = await shop.listen({ port: Number(env.PORT ?? 3000), host: '127.0.0.1' });

console.log(`\n  Shop               ${url}`);
if (emulator) console.log(`  Events Manager     ${emulator.url}   (local emulator: browser + server events, deduplicated)`);
else console.log(`  Sending to Meta    pixel ${env.META_PIXEL_ID ?? '1234567890'}`);
console.log('\n  Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping: delivering queued events…');
  await shop.close(); // closes the twinfire instance too
  await emulator?.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
