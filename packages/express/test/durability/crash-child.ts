// A shop process for the crash tests: Express + twinfire with the SQLite outbox (DB_PATH) or the PostgreSQL
// outbox (PG_URL, PG_SCHEMA), configured by environment variables. Prints `READY <url>` once listening; the
// test SIGKILLs it whenever it likes.

import { twinfire } from '@twinfire/express';
import { listen } from '@twinfire/testkit';
import express from 'express';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`crash-child: ${name} is required`);
  return value;
};

const tf = twinfire({
  pixels: [
    { id: env('PIXEL_A'), accessToken: env('TOKEN_A') },
    { id: env('PIXEL_B'), accessToken: env('TOKEN_B') },
  ],
  graphUrl: env('GRAPH_URL'),
  outbox: process.env.PG_URL
    ? { postgres: process.env.PG_URL, schema: env('PG_SCHEMA'), leaseMs: Number(env('LEASE_MS')) }
    : { sqlite: env('DB_PATH'), leaseMs: Number(env('LEASE_MS')) },
  batchSize: Number(process.env.BATCH_SIZE ?? 100),
  flushIntervalMs: Number(process.env.FLUSH_MS ?? 20),
  timeoutMs: 5000,
  retryBaseMs: 20,
  retryMaxMs: 200,
  rateLimit: false, // 2 400 mirrors from one address by design
  logger: { info: () => {}, warn: () => {}, error: (obj: object, msg?: string) => console.error(msg, JSON.stringify(obj)) },
});
const app = express();
app.use(tf);
const site = await listen(app);
process.stdout.write(`READY ${site.url}\n`);
