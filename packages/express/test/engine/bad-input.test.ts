import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FLAVORS, type Harness, logLines, mirror, PIXEL_A, startHarness, TOKEN_A, TOKEN_B } from '../harness.js';
import { rawRequest } from '../http-client.js';

const now = () => Math.floor(Date.now() / 1000);
const json = (value: unknown) => JSON.stringify(value);
// Short items, so 10 000 of them stay under the 64 KB body limit and reach the validator.
const big = (n: number) => Array.from({ length: n }, () => '1');

interface Case {
  name: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  method?: string;
  status: number;
  code: string;
}

/** Each bad input, the exact status and error code it must get, and the proof nothing reached Meta. */
const CASES: Case[] = [
  { name: 'malformed JSON', body: '{"v":1,"event_name":', status: 400, code: 'invalid_json' },
  { name: 'empty body', body: '', status: 400, code: 'empty_body' },
  { name: 'white space only', body: '  \n ', status: 400, code: 'empty_body' },
  { name: 'JSON array', body: '[]', status: 400, code: 'invalid_payload' },
  { name: 'JSON string', body: '"hello"', status: 400, code: 'invalid_payload' },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_payload' },
  { name: 'no version', body: json({ ...mirror(), v: undefined }), status: 400, code: 'unsupported_version' },
  { name: 'version 2', body: json(mirror({ v: 2 })), status: 400, code: 'unsupported_version' },
  { name: 'event_name a number', body: json(mirror({ event_name: 42 })), status: 400, code: 'invalid_type' },
  { name: 'blank event_name', body: json(mirror({ event_name: '   ' })), status: 400, code: 'invalid_event_name' },
  { name: 'event_name of 51 characters', body: json(mirror({ event_name: 'x'.repeat(51) })), status: 400, code: 'too_long' },
  { name: 'event_id missing', body: json(mirror({ event_id: undefined })), status: 400, code: 'missing_field' },
  { name: 'event_id with a control character', body: json(mirror({ event_id: 'a\u0000b' })), status: 400, code: 'invalid_type' },
  { name: 'event_time 8 days ago', body: json(mirror({ event_time: now() - 8 * 86400 })), status: 400, code: 'event_too_old' },
  { name: 'event_time tomorrow', body: json(mirror({ event_time: now() + 86400 })), status: 400, code: 'event_in_future' },
  { name: 'event_time in milliseconds', body: json(mirror({ event_time: Date.now() })), status: 400, code: 'invalid_event_time' },
  { name: 'event_time a string', body: json(mirror({ event_time: String(now()) })), status: 400, code: 'invalid_event_time' },
  { name: 'javascript: URL', body: json(mirror({ event_source_url: 'javascript:alert(1)' })), status: 400, code: 'invalid_url' },
  { name: 'value "NaN"', body: json(mirror({ custom_data: { value: 'NaN', currency: 'EUR' } })), status: 400, code: 'invalid_value' },
  { name: 'currency "EURO"', body: json(mirror({ custom_data: { value: 1, currency: 'EURO' } })), status: 400, code: 'invalid_currency' },
  { name: 'Purchase without value', body: json(mirror({ event_name: 'Purchase', custom_data: { currency: 'EUR' } })), status: 400, code: 'missing_field' },
  { name: '10 000 content_ids', body: json(mirror({ custom_data: { content_ids: big(10_000) } })), status: 400, code: 'too_many_items' },
  { name: '10 000 pixel ids', body: json(mirror({ pixel_ids: big(10_000) })), status: 400, code: 'too_many_items' },
  { name: '__proto__ at the top', body: `{"__proto__":{"polluted":true},${json(mirror()).slice(1)}`, status: 400, code: 'forbidden_key' },
  {
    name: '__proto__ in custom_data',
    body: json(mirror()).replace('"custom_data":{', '"custom_data":{"__proto__":{"x":1},'),
    status: 400,
    code: 'forbidden_key',
  },
  { name: 'constructor in user_data', body: json(mirror({ user_data: { constructor: 'x' } })), status: 400, code: 'forbidden_key' },
  { name: 'custom values nested too deep', body: json(mirror({ custom_data: { a: { b: { c: { d: { e: 1 } } } } } })), status: 400, code: 'too_deep' },
  { name: 'unknown top-level field', body: json(mirror({ access_token: 'x' })), status: 400, code: 'unknown_field' },
  { name: 'user_data.em an object', body: json(mirror({ user_data: { em: { a: 1 } } })), status: 400, code: 'invalid_type' },
  { name: 'malformed fbp', body: json(mirror({ fbp: 'fb.1.123.abc' })), status: 400, code: 'invalid_fbp' },
  { name: 'raw fbclid as fbc', body: json(mirror({ fbc: 'IwAR3abcdef' })), status: 400, code: 'invalid_fbc' },
  { name: 'pixel id not digits', body: json(mirror({ pixel_ids: ['abc'] })), status: 400, code: 'invalid_pixel_id' },
  { name: 'unknown pixel', body: json(mirror({ pixel_ids: ['999999'] })), status: 400, code: 'unknown_pixel' },
  { name: 'consent "maybe"', body: json(mirror({ consent: 'maybe' })), status: 400, code: 'invalid_consent' },
  {
    name: '1 MB body (Content-Length)',
    body: json(mirror({ custom_data: { pad: 'x'.repeat(1000) }, referrer: 'y'.repeat(1024 * 1024) })),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '1 MB body (chunked, no length)',
    body: Buffer.alloc(1024 * 1024, 0x20),
    headers: { 'transfer-encoding': 'chunked' },
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), status: 400, code: 'invalid_encoding' },
  { name: 'another site as Origin', body: json(mirror()), headers: { origin: 'https://evil.example' }, status: 403, code: 'forbidden_origin' },
  { name: 'Origin: null (sandboxed frame)', body: json(mirror()), headers: { origin: 'null' }, status: 403, code: 'forbidden_origin' },
  {
    name: 'no Origin, another site as Referer',
    body: json(mirror()),
    headers: { origin: '', referer: 'https://evil.example/page' },
    status: 403,
    code: 'forbidden_origin',
  },
  { name: 'form content type', body: 'v=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
  { name: 'no content type', body: json(mirror()), headers: { 'content-type': '' }, status: 415, code: 'unsupported_media_type' },
  { name: 'Latin-1 charset', body: json(mirror()), headers: { 'content-type': 'text/plain; charset=iso-8859-1' }, status: 415, code: 'unsupported_media_type' },
  { name: 'GET on the endpoint', method: 'GET', status: 405, code: 'method_not_allowed' },
];

for (const flavor of FLAVORS) {
  describe(`bad input in ${flavor}: a specific 4xx each, nothing reaches Meta`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ flavor });
    });
    after(() => h.close());

    for (const c of CASES) {
      test(`${c.name} -> ${c.status} ${c.code}`, async () => {
        const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8', origin: h.site.url, 'user-agent': 'ua', ...c.headers };
        for (const key of Object.keys(headers)) if (headers[key] === '') delete headers[key];
        const res = await rawRequest(`${h.site.url}/twinfire`, { method: c.method ?? 'POST', headers, ...(c.body !== undefined ? { body: c.body } : {}) });
        assert.equal(res.status, c.status, res.text.slice(0, 300));
        assert.equal(res.json?.error?.code, c.code, res.text.slice(0, 300));
        assert.equal(typeof res.json.error.message, 'string');
        assert.equal(typeof res.json.error.field, 'string');
      });
    }

    test('none of them reached the Graph API, and the refusals are counted by code', async () => {
      await h.tf.flush();
      assert.equal((await h.requests()).total.requests, 0);
      assert.equal((await h.events()).length, 0);
      const stats = await h.tf.stats();
      const refused = Object.values(stats.rejected).reduce((a, b) => a + b, 0);
      assert.equal(refused, CASES.length);
      assert.equal(stats.accepted, 0);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    });

    test('a good mirror still works afterwards (no 5xx, server healthy)', async () => {
      const res = await h.post(mirror({ pixel_ids: [PIXEL_A] }));
      assert.equal(res.status, 202);
    });
  });
}

test('no log line contains an access token', () => {
  for (const token of [TOKEN_A, TOKEN_B]) assert.ok(!logLines.join('\n').includes(token));
});
