import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNodes } from './node-budget.js';

test('countNodes counts objects, arrays and leaves at every level', () => {
  assert.equal(countNodes(1, 10), 1);
  assert.equal(countNodes({}, 10), 1);
  assert.equal(countNodes({ a: [1, 2, { b: null }], c: 'x' }, 100), 7);
});

test('countNodes stops past the budget: a huge or deep value costs no more than the budget', () => {
  const wide = Array.from({ length: 100_000 }, () => ({}));
  assert.ok(countNodes(wide, 50) > 50);
  let deep: unknown = 0;
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.equal(countNodes(deep, 1000), 1001, 'no stack overflow on 200 000 levels');
});
