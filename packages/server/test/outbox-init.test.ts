import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTwinfire, MemoryOutbox, type Outbox, type OutboxSizing } from '@twinfire/server';

const base = { pixelId: '1234567890', accessToken: 'EAAtoken' };

test('a user-provided outbox gets the resolved limits through init(); its own explicit options win', async () => {
  const tf = createTwinfire({ ...base, maxQueue: 7, maxQueueBytes: 2_000_000, outbox: new MemoryOutbox() });
  const stats = await tf.stats();
  assert.deepEqual([stats.maxQueue, stats.maxQueueBytes], [7, 2_000_000]);
  await tf.close();

  const own = createTwinfire({ ...base, maxQueue: 7, outbox: new MemoryOutbox({ capacity: 5 }) });
  assert.equal((await own.stats()).maxQueue, 5, 'the constructor said 5');
  await own.close();
});

test('an asynchronous init() holds every call until it resolves; stats() and deadLetters() may be async', async () => {
  const inner = new MemoryOutbox();
  let sized: OutboxSizing | undefined;
  let release!: () => void;
  const slow: Outbox = {
    durable: false,
    init: (sizing) =>
      new Promise<void>((resolve) => {
        sized = sizing;
        release = () => {
          inner.init(sizing);
          resolve();
        };
      }),
    enqueue: (entries, now) => inner.enqueue(entries, now),
    lease: (pixelId, max, now, maxBytes) => inner.lease(pixelId, max, now, maxBytes),
    ack: (refs) => inner.ack(refs),
    retry: (refs, at, count) => inner.retry(refs, at, count),
    dead: (marks) => inner.dead(marks),
    nextDueAt: (pixelId) => inner.nextDueAt(pixelId),
    pixelIds: () => inner.pixelIds(),
    purge: (visitor) => inner.purge(visitor),
    retryDead: (filter, now) => inner.retryDead(filter, now),
    stats: async (now) => inner.stats(now),
    deadLetters: async (filter) => inner.deadLetters(filter),
    close: () => inner.close(),
  };
  const tf = createTwinfire({ ...base, maxQueue: 9, maxDeadLetters: 3, outbox: slow });
  assert.deepEqual(sized && [sized.capacity, sized.keepDead, sized.capacityBytes], [9, 3, undefined], 'called at once, with the limits');
  let answered = false;
  const pending = tf.stats().then((s) => {
    answered = true;
    return s;
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(answered, false, 'waits for init()');
  release();
  assert.equal((await pending).maxQueue, 9);
  assert.deepEqual(await tf.deadLetters(), []);
  await tf.close();
});

test('a rejected init() is logged at start and fails the calls that wait for it', async () => {
  const broken = new MemoryOutbox();
  Object.assign(broken, {
    init: async () => {
      throw new Error('no database');
    },
  });
  const logged: string[] = [];
  const logger = { error: (_: unknown, msg: string) => logged.push(msg), warn() {}, info() {}, debug() {} };
  const tf = createTwinfire({ ...base, outbox: broken, logger: logger as never });
  await assert.rejects(tf.stats(), /no database/);
  await assert.rejects(tf.deadLetters(), /no database/);
  await assert.rejects(tf.close(), /no database/, 'close() reports it too');
  assert.deepEqual(logged, ['outbox failure at start']);
});
