// Meta's deduplication rules on the pure engine, with arrival times chosen to hit the 48 h and 5 min edges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../../test/helpers.js';
import type { EventRecord } from '../store/event-record.js';
import { DedupEngine } from './dedup-engine.js';

const MIN = 60_000,
  HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 15, 12);
let seq = 0;

function arrive(engine: DedupEngine, source: 'browser' | 'server', at: number, fields: Partial<EventRecord> = {}): EventRecord {
  const record: EventRecord = {
    seq: ++seq,
    pixel_id: '1234',
    event_name: 'Purchase',
    event_id: 'order-1',
    source,
    received_at: T0 + at,
    status: 'kept',
    match_keys: [],
    ...fields,
  };
  engine.add(record);
  return record;
}

test('exact rule: browser first, server later -> server copy deduplicated', () => {
  const engine = new DedupEngine();
  const browser = arrive(engine, 'browser', 0);
  const server = arrive(engine, 'server', 10 * MIN);
  assert.equal(browser.status, 'kept');
  assert.equal(server.status, 'deduplicated');
  assert.equal(server.deduplicated_by, browser.seq);
  assert.equal(server.dedup_rule, 'event_id');
});

test('5 min edge: server first, browser at exactly +5 min -> browser kept, server deduplicated', () => {
  const engine = new DedupEngine();
  const server = arrive(engine, 'server', 0);
  const browser = arrive(engine, 'browser', 5 * MIN);
  assert.equal(browser.status, 'kept');
  assert.equal(server.status, 'deduplicated');
  assert.equal(server.deduplicated_by, browser.seq);
});

test('5 min edge: server first, browser at +5 min + 1 ms -> the first (server) copy is kept', () => {
  const engine = new DedupEngine();
  const server = arrive(engine, 'server', 0);
  const browser = arrive(engine, 'browser', 5 * MIN + 1);
  assert.equal(server.status, 'kept');
  assert.equal(browser.status, 'deduplicated');
});

test('48 h edge: a copy at exactly +48 h is deduplicated, at +48 h + 1 ms it is kept', () => {
  const engine = new DedupEngine();
  arrive(engine, 'browser', 0);
  assert.equal(arrive(engine, 'server', 48 * HOUR).status, 'deduplicated');
  const other = new DedupEngine();
  arrive(other, 'browser', 0);
  assert.equal(arrive(other, 'server', 48 * HOUR + 1).status, 'kept');
});

test('48 h run from the first arrival, not from the latest copy', () => {
  const engine = new DedupEngine();
  arrive(engine, 'browser', 0);
  assert.equal(arrive(engine, 'server', 47 * HOUR).status, 'deduplicated');
  const late = arrive(engine, 'server', 48 * HOUR + 1);
  assert.equal(late.status, 'kept', 'a new window starts');
  assert.equal(arrive(engine, 'browser', 49 * HOUR).status, 'deduplicated', 'and dedups against the new first copy');
});

test('two server copies with the same event_id: the second is deduplicated (exact rule)', () => {
  const engine = new DedupEngine();
  const first = arrive(engine, 'server', 0);
  const second = arrive(engine, 'server', 1000);
  assert.equal(first.status, 'kept');
  assert.equal(second.status, 'deduplicated');
});

test('event_id and event_name are exact and case-sensitive; pixels are separate', () => {
  const engine = new DedupEngine();
  arrive(engine, 'browser', 0);
  assert.equal(arrive(engine, 'server', 1, { event_id: 'ORDER-1' }).status, 'kept');
  assert.equal(arrive(engine, 'server', 2, { event_name: 'purchase' }).status, 'kept');
  assert.equal(arrive(engine, 'server', 3, { pixel_id: '999' }).status, 'kept');
});

test('fallback by fbp: browser first without event_id, server with the same fbp -> server deduplicated', () => {
  const engine = new DedupEngine();
  const fbp = 'fb.1.1736942400000.42';
  const browser = arrive(engine, 'browser', 0, { event_id: undefined, user_data: { fbp } });
  const server = arrive(engine, 'server', HOUR, { event_id: 'srv-1', user_data: { fbp } });
  assert.equal(browser.status, 'kept');
  assert.equal(server.status, 'deduplicated');
  assert.equal(server.dedup_rule, 'fbp');
});

test('fallback by external_id: hashed on one side, plain on the other, still matches', () => {
  const engine = new DedupEngine();
  arrive(engine, 'browser', 0, { event_id: undefined, user_data: { external_id: sha256('crm-7') } });
  const server = arrive(engine, 'server', MIN, { event_id: undefined, user_data: { external_id: ['crm-7'] } });
  assert.equal(server.status, 'deduplicated');
  assert.equal(server.dedup_rule, 'external_id');
});

test('fallback only when the browser came first', () => {
  const engine = new DedupEngine();
  const fbp = 'fb.1.1736942400000.42';
  const server = arrive(engine, 'server', 0, { event_id: undefined, user_data: { fbp } });
  const browser = arrive(engine, 'browser', MIN, { event_id: undefined, user_data: { fbp } });
  assert.equal(server.status, 'kept');
  assert.equal(browser.status, 'kept');
});

test('fallback never removes a second server copy', () => {
  const engine = new DedupEngine();
  const fbp = 'fb.1.1736942400000.42';
  arrive(engine, 'browser', 0, { event_id: undefined, user_data: { fbp } });
  assert.equal(arrive(engine, 'server', MIN, { event_id: undefined, user_data: { fbp } }).status, 'deduplicated');
  assert.equal(arrive(engine, 'server', 2 * MIN, { event_id: undefined, user_data: { fbp } }).status, 'kept', 'the browser copy is already paired');
  const servers = new DedupEngine();
  arrive(servers, 'server', 0, { event_id: undefined, user_data: { fbp } });
  assert.equal(arrive(servers, 'server', MIN, { event_id: undefined, user_data: { fbp } }).status, 'kept');
});

test('fallback does not pair events that both carry (different) event_ids, nor beyond 48 h', () => {
  const engine = new DedupEngine();
  const fbp = 'fb.1.1736942400000.42';
  arrive(engine, 'browser', 0, { event_id: 'a', user_data: { fbp } });
  assert.equal(arrive(engine, 'server', MIN, { event_id: 'b', user_data: { fbp } }).status, 'kept');
  const late = new DedupEngine();
  arrive(late, 'browser', 0, { event_id: undefined, user_data: { fbp } });
  assert.equal(arrive(late, 'server', 48 * HOUR + 1, { event_id: undefined, user_data: { fbp } }).status, 'kept');
});

test('a browser copy already paired by event_id is not reused by the fallback', () => {
  const engine = new DedupEngine();
  const fbp = 'fb.1.1736942400000.42';
  arrive(engine, 'browser', 0, { user_data: { fbp } });
  assert.equal(arrive(engine, 'server', MIN, { user_data: { fbp } }).status, 'deduplicated');
  assert.equal(arrive(engine, 'server', 2 * MIN, { event_id: undefined, user_data: { fbp } }).status, 'kept');
});

test('forget() releases an evicted event: a later copy starts afresh', () => {
  const engine = new DedupEngine();
  const browser = arrive(engine, 'browser', 0);
  engine.forget(browser);
  assert.equal(arrive(engine, 'server', MIN).status, 'kept');
});
