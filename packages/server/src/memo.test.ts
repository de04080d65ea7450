import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo } from './memo.js';

test('boundedMemo: computes once per key, keeps at most maxEntries, never keeps keys over maxKeyLength', () => {
  const calls: string[] = [];
  const memo = boundedMemo((key: string) => (calls.push(key), key.length), 2, 4);
  assert.equal(memo('aa'), 2);
  assert.equal(memo('aa'), 2);
  assert.deepEqual(calls, ['aa'], 'remembered');
  memo('bb');
  memo('cc'); // evicts 'aa', the oldest
  memo('aa');
  assert.deepEqual(calls, ['aa', 'bb', 'cc', 'aa']);
  memo('longer');
  memo('longer');
  assert.equal(calls.filter((k) => k === 'longer').length, 2, 'a long key is computed each time, not kept');
});
