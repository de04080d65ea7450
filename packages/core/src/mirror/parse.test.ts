import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LIMITS, type MirrorErrorCode, type MirrorPayload, parseMirrorPayload } from '@twinfire/core';

const NOW_MS = 1764150000000; // fixed clock
const NOW = NOW_MS / 1000;
const FBP = 'fb.1.1764149000000.1098115397';
const FBC = 'fb.1.1764149000000.IwAR2F4-dbP0l7Mn1Iaw';

function base(): Record<string, unknown> {
  return {
    v: 1,
    event_name: 'AddToCart',
    event_id: '8c3c5e2f-7f7a-4c45-9a0b-6a1f3d2b9e10',
    event_time: NOW,
    event_source_url: 'https://shop.example/p/42',
  };
}

function parse(payload: unknown) {
  return parseMirrorPayload(payload, { now: NOW_MS });
}

function accepted(patch: Record<string, unknown>): MirrorPayload {
  const result = parse({ ...base(), ...patch });
  assert.ok(result.ok, `expected acceptance, got ${JSON.stringify(!result.ok && result.errors)}`);
  return result.payload;
}

const long = (n: number) => 'x'.repeat(n);

// Each rule: an input that passes and one that fails with a specific code and field.
const rules: Array<{ rule: string; pass: Record<string, unknown>; fail: Record<string, unknown>; code: MirrorErrorCode; field: string }> = [
  { rule: 'version 1', pass: { v: 1 }, fail: { v: 2 }, code: 'unsupported_version', field: 'v' },
  { rule: 'version present', pass: {}, fail: { v: undefined }, code: 'unsupported_version', field: 'v' },
  { rule: 'event_name required', pass: { event_name: 'Lead' }, fail: { event_name: undefined }, code: 'missing_field', field: 'event_name' },
  { rule: 'event_name a string', pass: { event_name: 'MyCustomEvent' }, fail: { event_name: 7 }, code: 'invalid_type', field: 'event_name' },
  { rule: 'event_name not blank', pass: { event_name: 'Search' }, fail: { event_name: '  ' }, code: 'invalid_event_name', field: 'event_name' },
  { rule: 'event_name ≤ 50', pass: { event_name: long(50) }, fail: { event_name: long(51) }, code: 'too_long', field: 'event_name' },
  {
    rule: 'event_name no control chars',
    pass: { event_name: 'Add To Cart' },
    fail: { event_name: 'Add\nCart' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  { rule: 'event_name no C1 control', pass: { event_name: 'Käufe' }, fail: { event_name: 'Lead\u0085' }, code: 'invalid_event_name', field: 'event_name' },
  {
    rule: 'event_name no zero-width space',
    pass: { event_name: 'Purchase', custom_data: { value: 1, currency: 'EUR' } },
    fail: { event_name: 'Purchase\u200b' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  {
    rule: 'event_name no zero-width joiner',
    pass: { event_name: '購入' },
    fail: { event_name: 'Add\u200dCart' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  { rule: 'event_name no word joiner', pass: { event_name: 'Lead' }, fail: { event_name: 'Le\u2060ad' }, code: 'invalid_event_name', field: 'event_name' },
  { rule: 'event_name no byte order mark', pass: { event_name: 'Lead' }, fail: { event_name: '\ufeffLead' }, code: 'invalid_event_name', field: 'event_name' },
  { rule: 'event_name no soft hyphen', pass: { event_name: 'Sign-up' }, fail: { event_name: 'Sign\u00adup' }, code: 'invalid_event_name', field: 'event_name' },
  { rule: 'event_name no bidi override', pass: { event_name: 'שלום' }, fail: { event_name: 'Lead\u202e' }, code: 'invalid_event_name', field: 'event_name' },
  {
    rule: 'event_name no bidi isolate',
    pass: { event_name: 'Lead' },
    fail: { event_name: '\u2066Lead\u2069' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  { rule: 'event_name no line separator', pass: { event_name: 'Lead' }, fail: { event_name: 'Lead\u2028' }, code: 'invalid_event_name', field: 'event_name' },
  {
    rule: 'event_name no paragraph separator',
    pass: { event_name: 'Lead' },
    fail: { event_name: 'Lead\u2029' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  {
    rule: 'event_name no no-break space',
    pass: { event_name: 'Add To Cart' },
    fail: { event_name: 'Add\u00a0Cart' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  {
    rule: 'event_name no ideographic space',
    pass: { event_name: 'Lead 🎉' },
    fail: { event_name: 'Add\u3000Cart' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  {
    rule: 'event_name no lone surrogate',
    pass: { event_name: 'Lead 🎉' },
    fail: { event_name: 'Lead\ud83c' },
    code: 'invalid_event_name',
    field: 'event_name',
  },
  { rule: 'event_id required', pass: { event_id: 'a' }, fail: { event_id: undefined }, code: 'missing_field', field: 'event_id' },
  { rule: 'event_id a string', pass: { event_id: 'order-1001' }, fail: { event_id: 1001 }, code: 'invalid_type', field: 'event_id' },
  { rule: 'event_id not empty', pass: { event_id: 'x' }, fail: { event_id: '' }, code: 'invalid_event_id', field: 'event_id' },
  { rule: 'event_id no C1 control', pass: { event_id: 'order-1001' }, fail: { event_id: 'order\u009b1001' }, code: 'invalid_type', field: 'event_id' },
  { rule: 'event_id ≤ 128', pass: { event_id: long(128) }, fail: { event_id: long(129) }, code: 'too_long', field: 'event_id' },
  { rule: 'event_time required', pass: { event_time: NOW - 1 }, fail: { event_time: undefined }, code: 'missing_field', field: 'event_time' },
  { rule: 'event_time integer', pass: { event_time: NOW }, fail: { event_time: NOW + 0.5 }, code: 'invalid_event_time', field: 'event_time' },
  { rule: 'event_time a number', pass: { event_time: NOW }, fail: { event_time: String(NOW) }, code: 'invalid_event_time', field: 'event_time' },
  { rule: 'event_time seconds, not ms', pass: { event_time: NOW }, fail: { event_time: NOW_MS }, code: 'invalid_event_time', field: 'event_time' },
  {
    rule: 'event_time ≤ 7 days old',
    pass: { event_time: NOW - LIMITS.maxEventAgeSeconds },
    fail: { event_time: NOW - LIMITS.maxEventAgeSeconds - 1 },
    code: 'event_too_old',
    field: 'event_time',
  },
  { rule: 'event_time ≤ 5 min ahead', pass: { event_time: NOW + 300 }, fail: { event_time: NOW + 301 }, code: 'event_in_future', field: 'event_time' },
  { rule: 'event_source_url required', pass: {}, fail: { event_source_url: undefined }, code: 'missing_field', field: 'event_source_url' },
  {
    rule: 'event_source_url http(s)',
    pass: { event_source_url: 'http://localhost:3000/' },
    fail: { event_source_url: 'javascript:alert(1)' },
    code: 'invalid_url',
    field: 'event_source_url',
  },
  {
    rule: 'event_source_url ≤ 4096',
    pass: { event_source_url: `https://a.example/${long(4000)}` },
    fail: { event_source_url: `https://a.example/${long(4096)}` },
    code: 'too_long',
    field: 'event_source_url',
  },
  { rule: 'referrer a string', pass: { referrer: 'https://www.facebook.com/' }, fail: { referrer: {} }, code: 'invalid_type', field: 'referrer' },
  { rule: 'custom_data an object', pass: { custom_data: {} }, fail: { custom_data: [1] }, code: 'invalid_type', field: 'custom_data' },
  { rule: 'custom_data not a string', pass: { custom_data: { a: 1 } }, fail: { custom_data: 'value=1' }, code: 'invalid_type', field: 'custom_data' },
  { rule: 'value finite', pass: { custom_data: { value: 19.99 } }, fail: { custom_data: { value: 'NaN' } }, code: 'invalid_value', field: 'custom_data.value' },
  {
    rule: 'value numeric',
    pass: { custom_data: { value: '19.99' } },
    fail: { custom_data: { value: '12 EUR' } },
    code: 'invalid_value',
    field: 'custom_data.value',
  },
  { rule: 'value not boolean', pass: { custom_data: { value: 0 } }, fail: { custom_data: { value: true } }, code: 'invalid_value', field: 'custom_data.value' },
  {
    rule: 'currency 3 letters',
    pass: { custom_data: { currency: 'eur' } },
    fail: { custom_data: { currency: 'EURO' } },
    code: 'invalid_currency',
    field: 'custom_data.currency',
  },
  {
    rule: 'currency letters only',
    pass: { custom_data: { currency: 'USD' } },
    fail: { custom_data: { currency: '€' } },
    code: 'invalid_currency',
    field: 'custom_data.currency',
  },
  {
    rule: 'num_items whole',
    pass: { custom_data: { num_items: 3 } },
    fail: { custom_data: { num_items: 2.5 } },
    code: 'invalid_number',
    field: 'custom_data.num_items',
  },
  {
    rule: 'content_ids array',
    pass: { custom_data: { content_ids: ['a', 2] } },
    fail: { custom_data: { content_ids: 'a,b' } },
    code: 'invalid_type',
    field: 'custom_data.content_ids',
  },
  {
    rule: 'content_ids ≤ 500',
    pass: { custom_data: { content_ids: Array.from({ length: 500 }, (_, i) => `sku-${i}`) } },
    fail: { custom_data: { content_ids: Array.from({ length: 10_000 }, (_, i) => `sku-${i}`) } },
    code: 'too_many_items',
    field: 'custom_data.content_ids',
  },
  {
    rule: 'contents items objects',
    pass: { custom_data: { contents: [{ id: 'a', quantity: 2 }] } },
    fail: { custom_data: { contents: ['a'] } },
    code: 'invalid_type',
    field: 'custom_data.contents.0',
  },
  {
    rule: 'contents items have id',
    pass: { custom_data: { contents: [{ id: 7 }] } },
    fail: { custom_data: { contents: [{ quantity: 1 }] } },
    code: 'missing_field',
    field: 'custom_data.contents.0.id',
  },
  {
    rule: 'contents quantity whole',
    pass: { custom_data: { contents: [{ id: 'a', quantity: 1 }] } },
    fail: { custom_data: { contents: [{ id: 'a', quantity: -1 }] } },
    code: 'invalid_number',
    field: 'custom_data.contents.0.quantity',
  },
  {
    rule: 'contents item_price number',
    pass: { custom_data: { contents: [{ id: 'a', item_price: '9.5' }] } },
    fail: { custom_data: { contents: [{ id: 'a', item_price: 'cheap' }] } },
    code: 'invalid_number',
    field: 'custom_data.contents.0.item_price',
  },
  {
    rule: 'strings ≤ 1000',
    pass: { custom_data: { content_name: long(1000) } },
    fail: { custom_data: { content_name: long(1001) } },
    code: 'too_long',
    field: 'custom_data.content_name',
  },
  { rule: 'custom keys ≤ 100', pass: { custom_data: keys(100) }, fail: { custom_data: keys(101) }, code: 'too_many_items', field: 'custom_data' },
  {
    rule: 'custom nesting ≤ 4',
    pass: { custom_data: { a: { b: { c: { d: 1 } } } } },
    fail: { custom_data: { a: { b: { c: { d: { e: 1 } } } } } },
    code: 'too_deep',
    field: 'custom_data.a.b.c.d.e',
  },
  {
    rule: 'custom_data ≤ 2000 nodes in all',
    pass: { custom_data: Object.fromEntries('abcde'.split('').map((k) => [k, Array(398).fill(0)])) },
    fail: { custom_data: Object.fromEntries('abcde'.split('').map((k) => [k, Array(400).fill({})])) },
    code: 'too_many_nodes',
    field: 'custom_data',
  },
  {
    rule: 'custom string ≤ 1000',
    pass: { custom_data: { note: long(1000) } },
    fail: { custom_data: { note: long(1001) } },
    code: 'too_long',
    field: 'custom_data.note',
  },
  {
    rule: 'Purchase needs value',
    pass: { event_name: 'Purchase', custom_data: { value: 1, currency: 'EUR' } },
    fail: { event_name: 'Purchase', custom_data: { currency: 'EUR' } },
    code: 'missing_field',
    field: 'custom_data.value',
  },
  {
    rule: 'Purchase needs currency',
    pass: { event_name: 'Purchase', custom_data: { value: 1, currency: 'EUR' } },
    fail: { event_name: 'Purchase', custom_data: { value: 1 } },
    code: 'missing_field',
    field: 'custom_data.currency',
  },
  {
    rule: 'Purchase needs custom_data',
    pass: { event_name: 'Purchase', custom_data: { value: 0, currency: 'EUR' } },
    fail: { event_name: 'Purchase' },
    code: 'missing_field',
    field: 'custom_data.value',
  },
  { rule: 'fbp format', pass: { fbp: FBP }, fail: { fbp: '1098115397' }, code: 'invalid_fbp', field: 'fbp' },
  { rule: 'fbc format', pass: { fbc: FBC }, fail: { fbc: 'IwAR2F4-dbP0l7Mn1Iaw' }, code: 'invalid_fbc', field: 'fbc' },
  { rule: 'fbc fbclid no control chars', pass: { fbc: FBC }, fail: { fbc: 'fb.1.1764149000000.IwAR\u0001x' }, code: 'invalid_fbc', field: 'fbc' },
  {
    rule: 'fbc fbclid base64url only',
    pass: { fbc: 'fb.1.1764149000000.Iw_AR-2' },
    fail: { fbc: 'fb.1.1764149000000.Iw/AR+2' },
    code: 'invalid_fbc',
    field: 'fbc',
  },
  { rule: 'pixel_ids array', pass: { pixel_ids: ['1234'] }, fail: { pixel_ids: '1234' }, code: 'invalid_type', field: 'pixel_ids' },
  { rule: 'pixel_ids digits', pass: { pixel_ids: ['1234', '5678'] }, fail: { pixel_ids: ['12a4'] }, code: 'invalid_pixel_id', field: 'pixel_ids.0' },
  { rule: 'pixel_ids strings', pass: { pixel_ids: ['1234'] }, fail: { pixel_ids: [1234] }, code: 'invalid_pixel_id', field: 'pixel_ids.0' },
  { rule: 'pixel_ids ≤ 20', pass: { pixel_ids: ids(20) }, fail: { pixel_ids: ids(21) }, code: 'too_many_items', field: 'pixel_ids' },
  { rule: 'user_data object', pass: { user_data: { em: 'a@b.example' } }, fail: { user_data: 'a@b.example' }, code: 'invalid_type', field: 'user_data' },
  {
    rule: 'user_data values strings',
    pass: { user_data: { ph: ['+1 555 0100'] } },
    fail: { user_data: { em: { x: 1 } } },
    code: 'invalid_type',
    field: 'user_data.em',
  },
  { rule: 'user_data arrays ≤ 10', pass: { user_data: { em: ids(10) } }, fail: { user_data: { em: ids(11) } }, code: 'too_many_items', field: 'user_data.em' },
  { rule: 'consent value', pass: { consent: 'denied' }, fail: { consent: 'no' }, code: 'invalid_consent', field: 'consent' },
  {
    rule: 'dpo options array',
    pass: { data_processing_options: { options: ['LDU'], country: 1, state: 1000 } },
    fail: { data_processing_options: { options: 'LDU' } },
    code: 'invalid_type',
    field: 'data_processing_options.options',
  },
  {
    rule: 'dpo country whole',
    pass: { data_processing_options: { options: [], country: 0 } },
    fail: { data_processing_options: { options: ['LDU'], country: 1.5 } },
    code: 'invalid_number',
    field: 'data_processing_options.country',
  },
  {
    rule: 'dpo unknown key',
    pass: { data_processing_options: { options: ['LDU'] } },
    fail: { data_processing_options: { options: ['LDU'], region: 'CA' } },
    code: 'unknown_field',
    field: 'data_processing_options.region',
  },
  { rule: 'no unknown top-level field', pass: {}, fail: { eventName: 'Lead' }, code: 'unknown_field', field: 'eventName' },
];

function keys(n: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
}
function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(1000 + i));
}

for (const { rule, pass, fail, code, field } of rules) {
  test(`rule: ${rule}`, () => {
    accepted(pass);
    const result = parse({ ...base(), ...fail });
    assert.equal(result.ok, false, 'the failing case is rejected');
    if (result.ok) return;
    assert.ok(
      result.errors.some((e) => e.code === code && e.field === field),
      `expected ${code} at ${field}, got ${JSON.stringify(result.errors)}`,
    );
    for (const e of result.errors) assert.ok(e.message.length > 0, 'every error has a message');
  });
}

const forbidden: Array<[string, string]> = [
  ['{"v":1,"__proto__":{"polluted":1}}', '__proto__'],
  ['{"v":1,"constructor":{"prototype":{"polluted":1}}}', 'constructor'],
  ['{"v":1,"custom_data":{"__proto__":{"polluted":1}}}', 'custom_data.__proto__'],
  ['{"v":1,"custom_data":{"a":{"__proto__":{"polluted":1}}}}', 'custom_data.a.__proto__'],
  ['{"v":1,"custom_data":{"contents":[{"id":"a","__proto__":{"x":1}}]}}', 'custom_data.contents.0.__proto__'],
  ['{"v":1,"user_data":{"__proto__":{"em":"x"}}}', 'user_data.__proto__'],
];
for (const [json, field] of forbidden) {
  test(`prototype keys are refused: ${field}`, () => {
    const result = parse(json);
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.ok(
        result.errors.some((e) => e.code === 'forbidden_key' && e.field === field),
        JSON.stringify(result.errors),
      );
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  });
}

test('malformed JSON text is invalid_json', () => {
  const result = parse('{"v":1,');
  assert.deepEqual(result, { ok: false, errors: [{ code: 'invalid_json', field: '', message: 'body is not valid JSON' }] });
});

for (const value of [null, [], 'text', 42, true]) {
  test(`a non-object payload (${JSON.stringify(value)}) is invalid_payload`, () => {
    const result = parse(typeof value === 'string' ? JSON.stringify(value) : value);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.errors[0]?.code, 'invalid_payload');
  });
}

test('a JSON string parses the same as the object', () => {
  assert.deepEqual(parse(JSON.stringify(base())), parse(base()));
});

test('every problem is reported, not only the first', () => {
  const result = parse({ v: 1, event_name: '', event_id: 5, custom_data: { currency: 'x' } });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const fields = result.errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['custom_data.currency', 'event_id', 'event_name', 'event_source_url', 'event_time']);
});

test('normalization: currency upper-cased, numeric strings to numbers, ids to strings', () => {
  const payload = accepted({
    event_name: 'Purchase',
    custom_data: {
      value: '19.90',
      currency: ' eur ',
      content_ids: [42, 'sku-7'],
      contents: [{ id: 42, quantity: '2', item_price: '9.95' }],
      num_items: '2',
      order_id: 1001,
      my_flag: true,
      nested: { a: [1, 'b', null] },
    },
  });
  assert.deepEqual(payload.custom_data, {
    value: 19.9,
    currency: 'EUR',
    content_ids: ['42', 'sku-7'],
    contents: [{ id: '42', quantity: 2, item_price: 9.95 }],
    num_items: 2,
    order_id: '1001',
    my_flag: true,
    nested: { a: [1, 'b', null] },
  });
});

test('the result is a fresh object with only known fields', () => {
  const input = { ...base(), fbp: FBP, fbc: FBC, pixel_ids: ['1', '1', '2'], consent: 'granted', referrer: '' };
  const payload = accepted(input);
  assert.deepEqual(payload, { ...base(), fbp: FBP, fbc: FBC, pixel_ids: ['1', '2'], consent: 'granted' });
  assert.notEqual(payload, input);
});

test('null optional fields count as absent', () => {
  const payload = accepted({ referrer: null, custom_data: null, fbp: null, fbc: null, user_data: null });
  assert.deepEqual(payload, base());
});

test('user_data: known keys kept (plain or hashed), unknown keys ignored, empty values dropped', () => {
  const hashed = 'a'.repeat(64);
  const payload = accepted({ user_data: { em: 'Jane@Example.com', ph: '', fn: hashed, email: 'ignored@example.com', external_id: ['u1', 'u2'] } });
  assert.deepEqual(payload.user_data, { em: 'Jane@Example.com', fn: hashed, external_id: ['u1', 'u2'] });
});

test('clock options are honoured', () => {
  const old = { ...base(), event_time: NOW - 3600 };
  assert.equal(parseMirrorPayload(old, { now: NOW_MS, maxAgeSeconds: 60 }).ok, false);
  assert.equal(parseMirrorPayload(old, { now: NOW_MS }).ok, true);
  const ahead = { ...base(), event_time: NOW + 30 };
  assert.equal(parseMirrorPayload(ahead, { now: NOW_MS, maxFutureSkewSeconds: 10 }).ok, false);
});

test('a huge payload of errors stays bounded', () => {
  const custom = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, long(2000)]));
  const result = parse({ ...base(), custom_data: custom });
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.errors.length, 50);
});
