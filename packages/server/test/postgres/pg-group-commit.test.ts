import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { PostgresOutbox } from '@twinfire/server';
import { dropSchema, testPostgresUrl, uniqueSchema } from '@twinfire/testkit';
import pg from 'pg';

// Group commit of the PostgreSQL outbox: the enqueues that arrive together share one statement and one
// transaction, each caller still all or nothing, with its own outcomes, as if they had run one after another.
const url = await testPostgresUrl();
const pool = new pg.Pool({ connectionString: url, max: 20 });
const schemas: string[] = [];
after(async () => {
  for (const schema of schemas) await dropSchema(url, schema);
  await pool.end();
});

/** The pool, counting the group statements (and failing them while `fail` is set). */
function countingPool() {
  const counted = { groups: 0, single: 0, fail: undefined as Error | undefined };
  const wrapped = {
    query: (text: string, values?: unknown[]) => {
      if (text.includes('enqueue_group(')) {
        counted.groups++;
        if (counted.fail) return Promise.reject(counted.fail);
      } else if (text.includes('.enqueue(')) counted.single++;
      return pool.query(text, values);
    },
    connect: () => pool.connect(),
    end: () => Promise.resolve(),
    on: () => wrapped,
  };
  return { counted, pool: wrapped };
}

async function open(options: { capacity?: number; capacityBytes?: number } = {}) {
  const schema = uniqueSchema('group');
  schemas.push(schema);
  const { counted, pool: wrapped } = countingPool();
  const outbox = new PostgresOutbox({ postgres: wrapped as never, schema, ...options });
  await outbox.init();
  return { outbox, counted, schema };
}

const ev = (id: string, pixelId = '1') => ({
  pixelId,
  event: { event_name: 'Lead', event_id: id, event_time: 1, action_source: 'email' as const, user_data: {} },
});
const browser = (id: string) => ({
  pixelId: '1',
  event: { event_name: 'Lead', event_id: id, event_time: 1, action_source: 'website' as const, user_data: {} },
  source: 'browser' as const,
});
const server = (id: string) => ({ ...browser(id), source: 'server' as const });

test('postgres group commit: 200 concurrent enqueues take far fewer statements, all queued and leasable', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  const results = await Promise.all(Array.from({ length: 200 }, (_, i) => outbox.enqueue([ev(`e${i}`)], 0)));
  assert.deepEqual(
    results,
    results.map(() => ({ status: 'ok', outcomes: ['queued'] })),
  );
  assert.ok(counted.groups >= 1 && counted.groups <= 10, `200 callers in ${counted.groups} statements`);
  assert.equal(counted.single, 0);
  assert.equal((await outbox.stats(0)).queued, 200);
  assert.ok(outbox.hasRoom(0, 0));
  const leased = await outbox.lease('1', 1000, 0);
  assert.equal(new Set(leased.map((r) => r.key)).size, 200);
});

test('postgres group commit: a group holds about 500 entries, the rest go in the next one', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  const results = await Promise.all(
    Array.from({ length: 3 }, (_, c) =>
      outbox.enqueue(
        Array.from({ length: 300 }, (_, i) => ev(`c${c}-${i}`)),
        0,
      ),
    ),
  );
  assert.deepEqual(
    results.map((r) => [r.status, r.outcomes.length, r.outcomes.every((o) => o === 'queued')]),
    [
      ['ok', 300, true],
      ['ok', 300, true],
      ['ok', 300, true],
    ],
  );
  assert.equal(counted.groups, 3, 'two callers of 300 entries never share a group of 500');
  assert.equal((await outbox.stats(0)).queued, 900);
});

test('postgres group commit: in one group, a caller past the capacity is full alone; the others are queued', async (t) => {
  const { outbox, counted } = await open({ capacity: 10 });
  t.after(() => outbox.close());
  const big = Array.from({ length: 8 }, (_, i) => ev(`big${i}`));
  const [a, b, c, d] = await Promise.all([
    outbox.enqueue([ev('a1'), ev('a2'), ev('a3')], 0),
    outbox.enqueue(big, 0),
    outbox.enqueue([ev('c1'), ev('c2')], 0),
    outbox.enqueue([ev('a1')], 0),
  ]);
  assert.equal(counted.groups, 1, 'one statement for the four callers');
  assert.deepEqual(a, { status: 'ok', outcomes: ['queued', 'queued', 'queued'] });
  assert.equal(b!.status, 'full');
  assert.deepEqual(c, { status: 'ok', outcomes: ['queued', 'queued'] });
  assert.deepEqual(d, { status: 'ok', outcomes: ['duplicate'] });
  const stats = await outbox.stats(0);
  assert.equal(stats.queued, 5, 'nothing of the full caller was kept');
  assert.ok(outbox.hasRoom(5, 0) && !outbox.hasRoom(6, 0), 'the totals count the 5 queued');
  // The full caller's keys were rolled back with it: it can come back once there is room.
  assert.deepEqual((await outbox.enqueue(big.slice(0, 5), 0)).outcomes, ['queued', 'queued', 'queued', 'queued', 'queued']);
  assert.equal((await outbox.enqueue([ev('one-more')], 0)).status, 'full');
});

test('postgres group commit: duplicates and the server-replaces-browser rule across callers follow arrival order', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  const results = await Promise.all([
    outbox.enqueue([ev('same')], 0),
    outbox.enqueue([ev('same')], 0),
    outbox.enqueue([browser('b1')], 0),
    outbox.enqueue([server('b1')], 0),
    outbox.enqueue([browser('b1')], 0),
    outbox.enqueue([server('s2')], 0),
    outbox.enqueue([browser('s2')], 0),
  ]);
  assert.equal(counted.groups, 1);
  assert.deepEqual(
    results.map((r) => [r.status, ...r.outcomes]),
    [
      ['ok', 'queued'],
      ['ok', 'duplicate'],
      ['ok', 'queued'],
      ['ok', 'queued'],
      ['ok', 'duplicate'],
      ['ok', 'queued'],
      ['ok', 'duplicate'],
    ],
  );
  const stats = await outbox.stats(0);
  assert.equal(stats.queued, 3, 'same, b1 (the server copy replaced the browser one), s2');
  assert.ok(outbox.hasRoom(0, 0));
  const leased = await outbox.lease('1', 100, 0);
  assert.equal(leased.length, 3);
  // The totals this instance keeps match what the table holds.
  await outbox.ack(leased);
  assert.equal((await outbox.stats(0)).queued, 0);
});

test('postgres group commit: when the group statement fails, every caller of the group rejects with its error', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  const boom = new Error('connection lost');
  counted.fail = boom;
  const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => outbox.enqueue([ev(`f${i}`)], 0)));
  assert.deepEqual(
    settled.map((s) => (s.status === 'rejected' ? s.reason : s.status)),
    settled.map(() => boom),
  );
  counted.fail = undefined;
  // Nothing was kept, and the next group runs.
  assert.deepEqual(await outbox.enqueue([ev('f0')], 0), { status: 'ok', outcomes: ['queued'] });
  assert.equal((await outbox.stats(0)).queued, 1);
});

test('postgres group commit: a caller whose event PostgreSQL refuses fails alone; the rest of its group is queued', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  // U+0000 cannot be stored in jsonb: the group statement fails on data, and the callers run again one by one.
  const bad = { pixelId: '1', event: { ...ev('bad').event, user_data: { external_id: 'x\u0000y' } } };
  const [a, b, c] = await Promise.allSettled([outbox.enqueue([ev('g1')], 0), outbox.enqueue([bad], 0), outbox.enqueue([ev('g2')], 0)]);
  assert.deepEqual(a, { status: 'fulfilled', value: { status: 'ok', outcomes: ['queued'] } });
  assert.equal(b!.status, 'rejected');
  assert.match((b as PromiseRejectedResult).reason.code, /^22/);
  assert.deepEqual(c, { status: 'fulfilled', value: { status: 'ok', outcomes: ['queued'] } });
  assert.equal(counted.groups, 4, 'the group, then each caller alone');
  assert.equal((await outbox.stats(0)).queued, 2);
  assert.ok(outbox.hasRoom(0, 0));
});

test('postgres group commit: enqueue({ db }) is one statement on the caller’s client, inside its transaction', async (t) => {
  const { outbox, counted } = await open();
  t.after(() => outbox.close());
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    assert.deepEqual(await outbox.enqueue([ev('tx')], 0, { db: client }), { status: 'ok', outcomes: ['queued'] });
    // Not grouped: the pool never saw it, and a grouped enqueue of the same key waits for the caller's commit.
    assert.equal(counted.groups, 0);
    const other = outbox.enqueue([ev('tx')], 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.query('ROLLBACK');
    assert.deepEqual(await other, { status: 'ok', outcomes: ['queued'] }, 'the rolled-back key is free again');
  } finally {
    client.release();
  }
  assert.equal((await outbox.stats(0)).queued, 1);
});

test('postgres group commit: close() waits for the groups pending and in flight', async () => {
  const { outbox } = await open();
  const pending = Array.from({ length: 50 }, (_, i) => outbox.enqueue([ev(`c${i}`)], 0));
  await outbox.close();
  const results = await Promise.all(pending);
  assert.equal(results.filter((r) => r.status === 'ok').length, 50);
});

test('postgres group commit: a database at schema version 1 is migrated to 2, its rows kept', async (t) => {
  const schema = uniqueSchema('v1');
  schemas.push(schema);
  const first = new PostgresOutbox({ postgres: pool, schema });
  await first.init();
  await first.enqueue([ev('old')], 0);
  await first.close();
  // Back to what migration 1 left.
  await pool.query(
    `DROP FUNCTION "${schema}".enqueue_group; DROP FUNCTION "${schema}".enqueue_entries; DELETE FROM "${schema}".schema_version WHERE version = 2`,
  );
  const outbox = new PostgresOutbox({ postgres: pool, schema });
  t.after(() => outbox.close());
  await outbox.init();
  const { rows } = await pool.query(`SELECT version FROM "${schema}".schema_version ORDER BY version`);
  assert.deepEqual(
    rows.map((r) => r.version),
    [1, 2],
  );
  assert.deepEqual(await outbox.enqueue([ev('old'), ev('new')], 0), { status: 'ok', outcomes: ['duplicate', 'queued'] });
  assert.equal((await outbox.stats(0)).queued, 2);
});
