#!/usr/bin/env node
// `npm run demo`: the local emulator on EMULATOR_PORT (4010) and the shop on PORT (3000).
// With META_ACCESS_TOKEN set, the shop talks to Meta instead and no emulator is started (unless
// META_GRAPH_URL points somewhere else). Ctrl-C stops both cleanly.
import { startEmulator } from '@twinfire/emulator';
import { createShop } from './src/app.js';
import { readConfig } from './src/config.js';

const config = readConfig();
let emulator = null;
if (!config.realMode) {
  emulator = await startEmulator({ port: config.emulatorPort, host: '127.0.0.1' });
}
const { app, tf } = createShop(config);
const server = app.listen(config.port, '127.0.0.1');
await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));

console.log('');
console.log(`  Shop               http://127.0.0.1:${config.port}`);
if (emulator) console.log(`  Events Manager     ${emulator.url}   (local emulator: browser + server events, deduplicated)`);
else console.log(`  Sending to Meta    pixel ${config.pixelId}${config.testEventCode ? `, test code ${config.testEventCode}` : ''}`);
console.log(`  Back office        http://127.0.0.1:${config.port}/admin`);
console.log('');
console.log('  Ctrl-C to stop.');

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  const durable = config.outboxFile || config.outboxPostgres;
  console.log(durable ? '\nStopping: queued events stay in the outbox for the next start…' : '\nStopping: delivering queued events…');
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
  await tf.close();
  await emulator?.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
