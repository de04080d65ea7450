import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { entry, outboxContract } from './outbox-contract.js';
import { SqliteOutbox } from './sqlite-outbox.js';

const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-outbox-'));
let files = 0;
const file = () => path.join(dir, `outbox-${files++}.db`);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

outboxContract('sqlite', (options) => new SqliteOutbox({ ...options, path: file() }));

test('sqlite: WAL with synchronous FULL, and durable', async (t) => {
  const outbox = new SqliteOutbox({ path: file() });
  t.after(() => outbox.close());
  const db = (outbox as unknown as { db: { pragma(p: string, o: object): unknown } }).db;
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL');
  assert.equal(outbox.durable, true);
});

test('sqlite: reopening the file keeps queued rows, dead letters, attempts and the duplicate memory', async () => {
  const where = file();
  const first = new SqliteOutbox({ path: where });
  await first.enqueue([entry('1', 'a'), entry('1', 'b'), entry('1', 'c')], 0);
  const [a, b] = await first.lease('1', 2, 0);
  await first.retry([a!], 10, true);
  await first.dead([{ key: b!.key, lease: b!.lease, reason: 'invalid', at: 1, error: { code: 100, message: 'Invalid parameter' } }]);
  await first.close();
  await first.close();
  await assert.rejects(first.enqueue([entry('1', 'z')], 0), /closed/);
  assert.deepEqual(await first.lease('1', 10, 0), [], 'a closed outbox leases nothing');

  const second = new SqliteOutbox({ path: where });
  const stats = second.stats(10);
  assert.deepEqual([stats.queued, stats.dead, stats.deadByReason.invalid, stats.oldestEnqueuedAt], [2, 1, 1, 0]);
  assert.deepEqual(
    (await second.lease('1', 10, 10)).map((r) => [r.event.event_id, r.attempts]),
    [
      ['c', 0],
      ['a', 1],
    ],
  );
  assert.deepEqual((await second.enqueue([entry('1', 'a'), entry('1', 'b'), entry('1', 'd')], 20)).outcomes, ['duplicate', 'duplicate', 'queued']);
  assert.equal(second.deadLetters()[0]!.error!.code, 100);
  await second.close();
});

test("sqlite: a crashed process's leases expire and another process on the file takes them; its late ack is ignored", async () => {
  const where = file();
  const crashed = new SqliteOutbox({ path: where, leaseMs: 1000 });
  await crashed.enqueue([entry('1', 'a'), entry('1', 'b')], 0);
  const leased = await crashed.lease('1', 10, 0);
  // A second connection, as a new process would open it, while the first never acks.
  const next = new SqliteOutbox({ path: where, leaseMs: 1000 });
  assert.equal(await next.nextDueAt('1'), 1000);
  assert.deepEqual(await next.lease('1', 10, 500), []);
  const taken = await next.lease('1', 10, 1000);
  assert.equal(taken.length, 2);
  await crashed.ack(leased);
  assert.equal(next.stats(1000).queued, 2, 'the stale ack deleted nothing');
  await next.ack(taken);
  assert.equal(next.stats(1000).queued, 0);
  await crashed.close();
  await next.close();
});

test('sqlite: the duplicate memory is bounded by dedupSize and dedupWindowMs', async (t) => {
  const outbox = new SqliteOutbox({ path: file(), dedupSize: 10, dedupWindowMs: 1000 });
  t.after(() => outbox.close());
  await outbox.enqueue([entry('1', 'a')], 0);
  await outbox.ack(await outbox.lease('1', 1, 0));
  assert.deepEqual((await outbox.enqueue([entry('1', 'a')], 999)).outcomes, ['duplicate']);
  assert.deepEqual((await outbox.enqueue([entry('1', 'a')], 1000)).outcomes, ['queued'], 'past the window it is new again');
  for (let i = 0; i < 1100; i++) await outbox.enqueue([entry('1', `n${i}`)], 2000);
  const db = (outbox as unknown as { db: { prepare(s: string): { get(): { n: number } } } }).db;
  assert.ok(db.prepare('SELECT COUNT(*) AS n FROM seen').get().n < 200, 'pruned to dedupSize every 1000 enqueues');
});

test('sqlite: a tick of enqueues that all fit runs as one transaction without a savepoint per call', async (t) => {
  const outbox = new SqliteOutbox({ path: file() });
  t.after(() => outbox.close());
  const db = (outbox as unknown as { db: { transaction(fn: () => unknown): () => unknown } }).db;
  const transaction = db.transaction.bind(db);
  let transactions = 0;
  db.transaction = (fn) => (transactions++, transaction(fn));
  const results = await Promise.all(['a', 'b', 'c', 'a'].map((id) => outbox.enqueue([entry('1', id)], 0)));
  assert.deepEqual(
    results.map((r) => r.outcomes),
    [['queued'], ['queued'], ['queued'], ['duplicate']],
  );
  assert.equal(transactions, 1, 'one transaction, no savepoints');
  assert.equal(outbox.stats(0).queued, 3);
});

test('sqlite: enqueues of one tick share one commit, each judged on its own (full, duplicate), all on disk', async () => {
  const where = file();
  const outbox = new SqliteOutbox({ path: where, capacity: 3 });
  const db = (outbox as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db;
  let commits = 0;
  const real = (outbox as unknown as { group: { commit(): void } }).group;
  const commit = real.commit.bind(real);
  real.commit = () => {
    commits++;
    commit();
  };
  const results = await Promise.all([
    outbox.enqueue([entry('1', 'a')], 0),
    outbox.enqueue([entry('1', 'b')], 0),
    outbox.enqueue([entry('1', 'a')], 0), // the same event again, in the same tick
    outbox.enqueue([entry('1', 'c'), entry('2', 'd')], 0), // would make 4 > capacity 3: refused whole
    outbox.enqueue([entry('2', 'e')], 0),
  ]);
  assert.equal(commits, 1, 'one transaction for the whole tick');
  assert.deepEqual(
    results.map((r) => [r.status, r.outcomes]),
    [
      ['ok', ['queued']],
      ['ok', ['queued']],
      ['ok', ['duplicate']],
      ['full', ['queued', 'queued']],
      ['ok', ['queued']],
    ],
  );
  assert.equal(db.prepare('select count(*) as n from outbox').get().n, 3, 'the refused call left no row behind');
  // The in-memory tally (saved and restored around the rolled-back first attempt) matches the rows.
  const stored = (db as unknown as { prepare(sql: string): { get(): { n: number; bytes: number } } })
    .prepare('select count(*) as n, sum(size) as bytes from outbox')
    .get();
  assert.deepEqual([outbox.stats(0).queued, outbox.stats(0).bytes], [stored.n, stored.bytes], 'counted as stored');
  assert.equal(outbox.hasRoom(1, 0), false, 'the tally says the file is at capacity');
  await outbox.close();
  const reopened = new SqliteOutbox({ path: where });
  assert.deepEqual((await reopened.lease('1', 10, 0)).map((r) => r.event.event_id).concat((await reopened.lease('2', 10, 0)).map((r) => r.event.event_id)), [
    'a',
    'b',
    'e',
  ]);
  await reopened.close();
});
