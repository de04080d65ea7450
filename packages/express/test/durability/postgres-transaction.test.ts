import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { createTwinfire, MemoryOutbox } from '@twinfire/server';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@twinfire/testkit';
import pg from 'pg';
import { PIXEL_A, TOKEN_A, waitFor } from '../harness.js';

// The transactional outbox: `tf.send(event, { db: client })` writes with the caller's client, inside the
// caller's transaction, so an order and its Purchase commit or roll back together.
test('postgres: send(event, { db }) commits and rolls back with the caller’s transaction', { timeout: 60_000 }, async (t) => {
  const url = await testPostgresUrl();
  const schema = uniqueSchema('tx');
  const emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN_A] });
  const pool = new pg.Pool({ connectionString: url });
  const tf = createTwinfire({
    pixels: [{ id: PIXEL_A, accessToken: TOKEN_A }],
    graphUrl: emulator.url,
    outbox: { postgres: pool, schema },
    flushIntervalMs: 20,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  t.after(async () => {
    await tf.close();
    await pool.end();
    await emulator.close();
    await dropSchema(url, schema);
  });
  await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}_orders" (id text PRIMARY KEY)`);
  t.after(() => dropSchemaTable(url, `${schema}_orders`));
  const events = async () => ((await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: { event_id: string }[] }).events;
  const purchase = (id: string) => ({
    event_name: 'Purchase',
    event_id: id,
    action_source: 'website' as const,
    event_source_url: 'https://shop.example.com/thanks',
    user_data: { external_id: `customer-${id}`, client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0' },
    custom_data: { value: 59, currency: 'EUR' },
  });
  const order = async (id: string, end: 'COMMIT' | 'ROLLBACK') => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO "${schema}_orders" (id) VALUES ($1)`, [id]);
      const sent = await tf.send(purchase(id), { db: client });
      assert.deepEqual([sent.event_id, sent.queued], [id, 1]);
      assert.deepEqual(await events(), [], 'nothing is sent before the transaction ends');
      await client.query(end);
    } finally {
      client.release();
    }
  };

  await order('order-rolled-back', 'ROLLBACK');
  await order('order-committed', 'COMMIT');
  // The commit's NOTIFY wakes delivery; the rolled-back event never existed.
  await waitFor(async () => (await events()).length > 0, 10_000, 'the committed Purchase delivered');
  await tf.flush();
  assert.deepEqual(
    (await events()).map((e) => e.event_id),
    ['order-committed'],
  );
  const { rows } = await pool.query(`SELECT id FROM "${schema}_orders"`);
  assert.deepEqual(
    rows.map((r) => r.id),
    ['order-committed'],
  );
  assert.equal((await tf.stats()).queued, 0);
});

test('send(event, { db }) on an outbox that cannot join a transaction is refused with a clear error', async (t) => {
  const tf = createTwinfire({ pixels: [{ id: PIXEL_A, accessToken: TOKEN_A }], outbox: new MemoryOutbox(), logger: { info() {}, warn() {}, error() {} } });
  t.after(() => tf.close());
  const event = { event_name: 'Lead', action_source: 'system_generated' as const, user_data: { external_id: 'x' } };
  await assert.rejects(tf.send(event, { db: { query: async () => ({ rows: [] }) } }), {
    code: 'ERR_TWINFIRE_INVALID_ARGUMENT',
    field: 'db',
    message: /needs the PostgreSQL outbox/,
  });
});

async function dropSchemaTable(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS "${table}"`);
  await client.end();
}
