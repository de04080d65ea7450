import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTwinfire, PostgresOutbox } from '@twinfire/server';
import { outboxContract } from '@twinfire/server/testing';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@twinfire/testkit';
import pg from 'pg';

// The exported outbox contract, on a real PostgreSQL (TWINFIRE_PG_URL, or a throwaway embedded cluster).
const url = await testPostgresUrl();
const pool = new pg.Pool({ connectionString: url, max: 20 });
const schemas: string[] = [];
const fresh = (prefix = 'contract') => {
  const schema = uniqueSchema(prefix);
  schemas.push(schema);
  return schema;
};
after(async () => {
  for (const schema of schemas) await dropSchema(url, schema);
  await pool.end();
});

outboxContract('postgres', async (sizing) => {
  const outbox = new PostgresOutbox({ postgres: pool, schema: fresh() });
  await outbox.init(sizing);
  return outbox;
});

const ev = (id: string) => ({ pixelId: '1', event: { event_name: 'Lead', event_id: id, event_time: 1, action_source: 'email' as const, user_data: {} } });

test('postgres: the schema is migrated once when many instances start at once, and is versioned', async (t) => {
  const schema = fresh('migrate');
  const outboxes = Array.from({ length: 6 }, () => new PostgresOutbox({ postgres: url, schema }));
  t.after(() => Promise.all(outboxes.map((o) => o.close())));
  await Promise.all(outboxes.map((o) => o.init()));
  const { rows } = await pool.query(`SELECT version FROM "${schema}".schema_version ORDER BY version`);
  assert.deepEqual(
    rows.map((r) => r.version),
    [1, 2],
  );
  // A restart finds the schema as it is and keeps the rows.
  await outboxes[0]!.enqueue([ev('kept')], 0);
  const again = new PostgresOutbox({ postgres: url, schema });
  t.after(() => again.close());
  await again.init();
  assert.equal((await again.stats(0)).queued, 1);
});

test('postgres: a schema migrated by a newer twinfire is refused with a clear error', async (t) => {
  const schema = fresh('newer');
  const first = new PostgresOutbox({ postgres: pool, schema });
  await first.init();
  await first.close();
  await pool.query(`INSERT INTO "${schema}".schema_version (version) VALUES (99)`);
  const outbox = new PostgresOutbox({ postgres: pool, schema });
  t.after(() => outbox.close());
  await assert.rejects(outbox.init(), { code: 'ERR_TWINFIRE_OUTBOX_SCHEMA', message: /version 99, newer than this twinfire's 2: upgrade twinfire/ });
});

test('postgres: two instances on one schema never lease the same event; a dead instance’s lease comes back', async (t) => {
  const schema = fresh('share');
  const a = new PostgresOutbox({ postgres: pool, schema, leaseMs: 1000 });
  const b = new PostgresOutbox({ postgres: pool, schema, leaseMs: 1000 });
  t.after(() => Promise.all([a.close(), b.close()]));
  await Promise.all([a.init(), b.init()]);
  await a.enqueue(
    Array.from({ length: 300 }, (_, i) => ev(`e${i}`)),
    0,
  );
  // Whoever holds the pixel's sender lock leases; the other gets nothing (and no row twice).
  const [fromA, fromB] = await Promise.all([a.lease('1', 200, 0), b.lease('1', 200, 0)]);
  const sender = fromA.length > 0 ? a : b;
  const other = sender === a ? b : a;
  assert.equal(fromA.length + fromB.length, 200);
  assert.equal(Math.min(fromA.length, fromB.length), 0, 'one sender per pixel');
  const rest = await sender.lease('1', 200, 0);
  assert.equal(rest.length, 100);
  const seen = new Set([...fromA, ...fromB, ...rest].map((r) => r.key));
  assert.equal(seen.size, 300, 'no event leased twice');
  // The sender dies: its lock goes with its connection, the other takes over and re-leases after expiry.
  await sender.close();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal((await other.lease('1', 1000, 999)).length, 0, 'leases live until they expire');
  const back = await other.lease('1', 1000, 1000);
  assert.equal(back.length, 300, 'every leased event comes back to the survivor');
});

test('postgres: an event added by one instance wakes the sender of another, by NOTIFY', async (t) => {
  const schema = fresh('notify');
  const a = new PostgresOutbox({ postgres: pool, schema });
  const b = new PostgresOutbox({ postgres: pool, schema });
  t.after(() => Promise.all([a.close(), b.close()]));
  await Promise.all([a.init(), b.init()]);
  const heard: [string, number][] = [];
  a.watch((pixelId, added) => heard.push([pixelId, added]));
  assert.equal((await a.lease('1', 10, 0)).length, 0, 'a takes the pixel');
  await b.enqueue([ev('x'), ev('y')], 0);
  for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(heard, [['1', 2]]);
});

test('postgres: outbox options are checked at setup, with the field and a fix', () => {
  const pixels = [{ id: '1', accessToken: 'EAAtest-token' }];
  assert.throws(() => createTwinfire({ pixels, outbox: { postgres: 42 as unknown as string } }), {
    code: 'ERR_TWINFIRE_INVALID_OPTION',
    field: 'outbox.postgres',
    message: /a pg.Pool or a connection string/,
  });
  assert.throws(() => createTwinfire({ pixels, outbox: { postgres: url, schema: 'Bad-Name' } }), {
    code: 'ERR_TWINFIRE_INVALID_OPTION',
    field: 'outbox.schema',
  });
  assert.throws(() => createTwinfire({ pixels, outbox: { postgres: url, shema: 'x' } as never }), {
    code: 'ERR_TWINFIRE_UNKNOWN_OPTION',
    field: 'outbox.shema',
    message: /did you mean `schema`/,
  });
});
