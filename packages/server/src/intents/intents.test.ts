import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TwinfireError } from '../errors.js';
import { INTENT_PATTERN } from './intent-format.js';
import { signIntent } from './sign-intent.js';
import { verifyIntent } from './verify-intent.js';

const SECRET = randomBytes(32);
const NOW = Date.UTC(2030, 0, 15, 12, 0, 0);
const ORDER = { event_name: 'Purchase', value: 89, currency: 'eur', order_id: 'A-1001' };

describe('signIntent', () => {
  test('an id of the documented shape, short, deterministic, that verifies', () => {
    const intent = signIntent(SECRET, ORDER, NOW);
    assert.match(intent.event_id, INTENT_PATTERN);
    assert.match(intent.event_id, /^tfi1\.[\w-]{10}\.[0-9a-z]+\.89\.EUR\.[\w-]{22}$/);
    assert.ok(intent.event_id.length <= 128);
    assert.ok(!intent.event_id.includes('A-1001'), 'the order id is not shown');
    assert.equal(intent.expires_at, NOW + 24 * 3600 * 1000, 'default: 24 hours');
    assert.deepEqual([intent.value, intent.currency], [89, 'EUR']);
    assert.equal(signIntent(SECRET, ORDER, NOW + 5000).event_id === intent.event_id, false, 'another default expiry, another id');
    assert.equal(
      signIntent(SECRET, { ...ORDER, expiresAt: intent.expires_at }, NOW + 3_600_000).event_id,
      intent.event_id,
      'the stored expires_at re-derives it',
    );
    assert.notEqual(signIntent(SECRET, { ...ORDER, order_id: 'A-1002' }, NOW).event_id, intent.event_id, 'one id per order');
    assert.deepEqual(verifyIntent(SECRET, intent.event_id, 'Purchase', NOW), { ok: true, value: 89, currency: 'EUR' });
  });

  test('the value is a canonical decimal: numeric strings read, float noise rounded to 6 decimals', () => {
    const cases: [number | string, string][] = [
      [19.9, '19.9'],
      ['19.90', '19.9'],
      [0.1 + 0.2, '0.3'],
      [0, '0'],
      [1e9, '1000000000'],
      [1e-7, '0'],
      [0.000001, '0.000001'],
      [123456789012345.67, '123456789012345.67'],
    ];
    for (const [value, text] of cases) {
      assert.equal(
        signIntent(SECRET, { ...ORDER, value }, NOW)
          .event_id.split('.')
          .slice(3, -2)
          .join('.'),
        text,
        String(value),
      );
    }
  });

  test('every value from 0 to 1e15 signs into an id that verifies with that value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e15, maxExcluded: true, noNaN: true }), (value) => {
        const intent = signIntent(SECRET, { ...ORDER, value }, NOW);
        const verdict = verifyIntent(SECRET, intent.event_id, 'Purchase', NOW);
        // Half a unit of the 6th decimal, plus the double's own rounding at that magnitude (a value like
        // 112046423.9726675 is stored a hair above or below its decimal, so its rounding lands 5e-7 + 1e-8 away).
        const tolerance = 5e-7 * Math.max(1, value / 1e9) + value * 2 ** -50;
        return verdict.ok && verdict.value === intent.value && Math.abs(intent.value - value) <= tolerance;
      }),
      { numRuns: 2000 },
    );
  });

  const INVALID: [string, Record<string, unknown>, string][] = [
    ['no event name', { event_name: undefined }, 'event_name'],
    ['empty event name', { event_name: ' ' }, 'event_name'],
    ['control character in the name', { event_name: 'Pur\nchase' }, 'event_name'],
    ['name over 50 characters', { event_name: 'x'.repeat(51) }, 'event_name'],
    ['no value', { value: undefined }, 'value'],
    ['negative value', { value: -1 }, 'value'],
    ['NaN', { value: Number.NaN }, 'value'],
    ['Infinity', { value: Infinity }, 'value'],
    ['value with a currency', { value: '12 EUR' }, 'value'],
    ['value of 1e15', { value: 1e15 }, 'value'],
    ['no currency', { currency: undefined }, 'currency'],
    ['currency of 4 letters', { currency: 'EURO' }, 'currency'],
    ['currency as a number', { currency: 978 }, 'currency'],
    ['no order id', { order_id: undefined }, 'order_id'],
    ['empty order id', { order_id: '' }, 'order_id'],
    ['order id as an object', { order_id: { id: 1 } }, 'order_id'],
    ['expiry in seconds', { expiresAt: Math.floor(NOW / 1000) + 3600 }, 'expiresAt'],
    ['expiry beyond 48 hours', { expiresAt: NOW + 49 * 3600 * 1000 }, 'expiresAt'],
    ['expiry as text', { expiresAt: 'tomorrow' }, 'expiresAt'],
    ['an unknown field', { price: 3 }, 'price'],
  ];
  test('bad arguments throw ERR_TWINFIRE_INVALID_ARGUMENT naming the field', () => {
    for (const [what, change, field] of INVALID) {
      assert.throws(
        () => signIntent(SECRET, { ...ORDER, ...change }, NOW),
        (error: unknown) =>
          error instanceof TwinfireError &&
          error.code === 'ERR_TWINFIRE_INVALID_ARGUMENT' &&
          error.field === field &&
          error.message.startsWith('twinfire: intent(): '),
        what,
      );
    }
    assert.throws(
      () => signIntent(SECRET, null, NOW),
      (e: unknown) => e instanceof TwinfireError && e.field === '',
    );
  });

  test('a past expiry is accepted (a webhook re-deriving a stored intent), a Date too', () => {
    const past = signIntent(SECRET, { ...ORDER, expiresAt: new Date(NOW - 1000) }, NOW);
    assert.equal(past.expires_at, NOW - 1000);
    assert.equal(verifyIntent(SECRET, past.event_id, 'Purchase', NOW).ok, false);
  });
});

describe('verifyIntent', () => {
  const intent = signIntent(SECRET, ORDER, NOW);

  test('missing: an id that is no intent', () => {
    for (const id of ['order-1001', 'a3bb189e-8bf9-3888-9912-ace4e6543002', '', 'tfi1.x', `${intent.event_id}.x`, `tfi2${intent.event_id.slice(4)}`]) {
      assert.deepEqual(verifyIntent(SECRET, id, 'Purchase', NOW), { ok: false, fault: 'missing' }, id);
    }
  });

  test('bad_signature: any one character changed, in any part, or another secret', () => {
    const parts = intent.event_id.split('.');
    const changed = (index: number, text: string) => parts.map((p, i) => (i === index ? text : p)).join('.');
    const flip = (text: string) => (text.at(-1) === 'A' ? `${text.slice(0, -1)}B` : `${text.slice(0, -1)}A`);
    const forged = [
      changed(1, flip(parts[1]!)),
      changed(2, (Number.parseInt(parts[2]!, 36) + 86_400).toString(36)),
      changed(3, '1000000000'),
      changed(3, '0.01'),
      changed(4, 'USD'),
      changed(5, flip(parts[5]!)),
    ];
    for (const id of forged) assert.deepEqual(verifyIntent(SECRET, id, 'Purchase', NOW), { ok: false, fault: 'bad_signature' }, id);
    assert.deepEqual(verifyIntent(randomBytes(32), intent.event_id, 'Purchase', NOW), { ok: false, fault: 'bad_signature' });
  });

  test('other_event: a genuine intent for another configured event', () => {
    const subscribe = signIntent(SECRET, { ...ORDER, event_name: 'Subscribe' }, NOW);
    assert.deepEqual(verifyIntent(SECRET, subscribe.event_id, 'Purchase', NOW, ['Purchase', 'Subscribe']), {
      ok: false,
      fault: 'other_event',
      detail: 'Subscribe',
    });
    assert.deepEqual(verifyIntent(SECRET, subscribe.event_id, 'Purchase', NOW), { ok: false, fault: 'bad_signature' }, 'without the candidates');
  });

  test('expired: from the second of expires_at on', () => {
    assert.equal(verifyIntent(SECRET, intent.event_id, 'Purchase', intent.expires_at - 1).ok, true);
    assert.deepEqual(verifyIntent(SECRET, intent.event_id, 'Purchase', intent.expires_at), {
      ok: false,
      fault: 'expired',
      detail: new Date(intent.expires_at).toISOString(),
    });
  });
});
