import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff.js';
import { classify } from './classify-error.js';

test('backoff doubles per attempt, stays within [half, full] and is capped', () => {
  assert.equal(
    backoffDelay(1, 100, 10_000, () => 0),
    50,
  );
  assert.equal(
    backoffDelay(1, 100, 10_000, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, 100, 10_000, () => 1),
    400,
  );
  assert.equal(
    backoffDelay(40, 100, 10_000, () => 1),
    10_000,
  );
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(4, 100, 10_000);
    assert.ok(d >= 400 && d <= 800, String(d));
  }
});

test('Meta error codes are classified by code, not by HTTP status', () => {
  const err = (code: number, status = 400, error_subcode?: number) =>
    classify({ kind: 'graph_error', status, error: { code, message: 'x', type: 'OAuthException', ...(error_subcode ? { error_subcode } : {}) } }, 1);
  const table: [ReturnType<typeof err>, ReturnType<typeof err>][] = [
    [err(1, 500), 'transient'],
    [err(2, 500), 'transient'],
    [err(341), 'transient'],
    [err(4), 'throttle'],
    [err(17), 'throttle'],
    [err(32), 'throttle'],
    [err(613), 'throttle'],
    [err(80000), 'throttle'],
    [err(80014), 'throttle'],
    [err(190, 401), 'auth'],
    [err(10, 403), 'auth'],
    [err(200, 403), 'auth'],
    [err(299), 'auth'],
    [err(3), 'auth'],
    [err(100, 400, 33), 'auth'],
    [err(100, 400, 2804050), 'invalid'],
    [err(100, 400, 2804003), 'invalid'],
    [err(100), 'invalid'],
    [err(12345, 500), 'transient'],
  ];
  for (const [got, want] of table) assert.equal(got, want);
  assert.equal(classify({ kind: 'network', reason: 'timeout', message: '' }, 3), 'transient');
  assert.equal(classify({ kind: 'ok', status: 200, eventsReceived: 3 }, 3), 'ok');
  assert.equal(classify({ kind: 'ok', status: 200, eventsReceived: 2 }, 3), 'transient');
});
