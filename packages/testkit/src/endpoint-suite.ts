import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, type TestContext, test } from 'node:test';
import { type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { MemoryOutbox, type TwinfireInstance } from '@twinfire/server';
import { type RawRequestOptions, type RawResponse, rawRequest } from './raw-request.js';

/** A loopback server an adapter started, twinfire mounted at its root. */
export interface StartedAdapter {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The instance behind the endpoint (`await tf.stats()`, `tf.flush()`...). */
  tf: TwinfireInstance<any>;
  /** Stops the server (closing `tf` too is allowed: the suite closes it after this anyway). */
  close(): Promise<void>;
}

/**
 * Starts a loopback server (127.0.0.1, any free port) with twinfire mounted at the root, created with
 * `options` as they are (the suite's emulator, a capturing logger, tight timings).
 */
export type StartAdapter = (options: Record<string, unknown>) => Promise<StartedAdapter>;

/** The one pixel of the suite's instances. */
export const SUITE_PIXEL = '333333333333333';
const TOKEN = 'EAAsuite-secret-token-0123456789';
/** The user agent of the suite's visitor. */
export const SUITE_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const ALLOWED = 'https://www.shop.example';

/** Delivery timings for tests: batches go within milliseconds, retries come quickly; no rate limit. */
export const QUICK_DELIVERY = { flushIntervalMs: 5, retryBaseMs: 5, retryMaxMs: 40, rateLimit: false } as const;

/** A valid mirror payload, as @twinfire/browser sends it (a fresh event id each time). */
export function suiteMirror(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    event_name: 'ViewContent',
    event_id: `ev-${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    event_source_url: 'https://shop.example.com/product/42',
    fbp: 'fb.1.1732000000000.1234567890',
    custom_data: { value: '19.90', currency: 'eur', content_ids: ['42'] },
    ...overrides,
  };
}

/**
 * The behaviours every adapter shares, over real HTTP against its own emulator: `adapterName` names the
 * `describe` block; `start` mounts twinfire at the root of a loopback server (see {@link StartAdapter}).
 * Call it at the top level of a test file.
 */
export function endpointSuite(adapterName: string, start: StartAdapter): void {
  describe(`endpoint suite: ${adapterName}`, () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN] });
    });
    after(() => emulator.close());

    /** The adapter with the suite's options and `overrides`, stopped after test `t`. */
    async function site(t: TestContext, overrides: Record<string, unknown> = {}) {
      const logs: { level: string; msg?: string }[] = [];
      const log = (level: string) => (_obj: object, msg?: string) => void logs.push({ level, msg });
      const started = await start({
        pixelId: SUITE_PIXEL,
        accessToken: TOKEN,
        graphUrl: emulator.url,
        ...QUICK_DELIVERY,
        allowedOrigins: [ALLOWED],
        logger: { info: log('info'), warn: log('warn'), error: log('error') },
        ...overrides,
      });
      t.after(async () => {
        await started.close();
        await started.tf.close();
      });
      const post = (body: unknown, headers: Record<string, string> = {}, extra: RawRequestOptions = {}) =>
        rawRequest(`${started.url}/twinfire`, {
          method: 'POST',
          // An empty value leaves the header out.
          headers: present({ 'content-type': 'text/plain;charset=UTF-8', origin: started.url, 'user-agent': SUITE_UA, ...headers }),
          body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
          ...extra,
        });
      /** The server twins the emulator holds for `eventId`, once `tf` has delivered what it queued. */
      const twins = async (eventId: unknown) => {
        await started.tf.flush();
        const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: any[] };
        return events.filter((e) => e.source === 'server' && e.event_id === eventId);
      };
      return { ...started, logs, post, twins };
    }

    /** `res` is a refusal with `status` and `code`, as JSON. */
    function refused(res: RawResponse, status: number, code: string): void {
      assert.equal(res.status, status, res.text);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.json?.error?.code, code, res.text);
    }

    test("a valid mirror: 202, and one server twin at Meta with its id, name, and the visitor's IP and user agent", async (t) => {
      const s = await site(t);
      const payload = suiteMirror({ event_name: 'AddToCart' });
      const res = await s.post(payload);
      assert.equal(res.status, 202, res.text);
      assert.deepEqual(res.json, { ok: true, event_id: payload.event_id, queued: 1 });
      const twins = await s.twins(payload.event_id);
      assert.equal(twins.length, 1, JSON.stringify(twins));
      assert.equal(twins[0].event_name, 'AddToCart');
      assert.equal(twins[0].pixel_id, SUITE_PIXEL);
      assert.equal(twins[0].user_data.client_ip_address, '127.0.0.1');
      assert.equal(twins[0].user_data.client_user_agent, SUITE_UA);
    });

    test('the same mirror again: 202 duplicate, still one twin', async (t) => {
      const s = await site(t);
      const payload = suiteMirror();
      assert.equal((await s.post(payload)).status, 202);
      const again = await s.post(payload);
      assert.equal(again.status, 202, again.text);
      assert.deepEqual(again.json, { ok: true, event_id: payload.event_id, queued: 0, duplicate: true });
      assert.equal((await s.twins(payload.event_id)).length, 1);
      assert.equal((await s.tf.stats()).dropped.duplicate, 1);
    });

    test('403 missing_origin without Origin or Referer; 403 forbidden_origin from another site', async (t) => {
      const s = await site(t);
      const payload = suiteMirror();
      refused(await s.post(payload, { origin: '' }), 403, 'missing_origin');
      refused(await s.post(payload, { origin: 'https://evil.example' }), 403, 'forbidden_origin');
      assert.equal((await s.twins(payload.event_id)).length, 0);
    });

    test('400 missing_user_agent without a User-Agent', async (t) => {
      const s = await site(t);
      const payload = suiteMirror();
      refused(await s.post(payload, { 'user-agent': '' }), 400, 'missing_user_agent');
      assert.equal((await s.twins(payload.event_id)).length, 0);
    });

    test('415 unsupported_media_type for a body that is neither text/plain nor JSON', async (t) => {
      const s = await site(t);
      refused(await s.post(suiteMirror(), { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    });

    test('413 payload_too_large for a body over maxBodyBytes, declared or chunked, and the connection is closed', async (t) => {
      const s = await site(t, { maxBodyBytes: 1024 });
      const big = JSON.stringify(suiteMirror({ custom_data: { content_name: 'x'.repeat(4000) } }));
      const declared = await s.post(big);
      refused(declared, 413, 'payload_too_large');
      assert.equal(declared.headers.connection, 'close');
      assert.equal(await declared.socketClosed(400), true, 'the server closes the connection at once');
      const chunked = await s.post(undefined, {}, { chunks: [big.slice(0, 1000), big.slice(1000, 2000), big.slice(2000)] });
      refused(chunked, 413, 'payload_too_large');
      assert.equal(chunked.headers.connection, 'close');
      assert.equal(await chunked.socketClosed(400), true, 'the server closes the connection at once');
      assert.equal((await s.post(suiteMirror())).status, 202, 'a body within the limit passes');
    });

    test('400 invalid_json for a body that is not JSON; the connection is kept', async (t) => {
      const s = await site(t);
      const res = await s.post('{"v":1,"event_name":');
      refused(res, 400, 'invalid_json');
      assert.equal(res.json.error.field, '');
      assert.notEqual(res.headers.connection, 'close');
      assert.equal(await res.socketClosed(300), false, 'a body read to its end leaves the connection open');
    });

    test('405 method_not_allowed for GET on the endpoint', async (t) => {
      const s = await site(t);
      const res = await rawRequest(`${s.url}/twinfire`, { headers: { 'user-agent': SUITE_UA } });
      refused(res, 405, 'method_not_allowed');
      assert.equal(res.headers.allow, 'POST, OPTIONS');
    });

    test('OPTIONS preflight: 204 with CORS headers for an allowed origin, 403 for another', async (t) => {
      const s = await site(t);
      const preflight = (origin: string) =>
        rawRequest(`${s.url}/twinfire`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
      const ok = await preflight(ALLOWED);
      assert.equal(ok.status, 204, ok.text);
      assert.equal(ok.text, '');
      assert.equal(ok.headers['access-control-allow-origin'], ALLOWED);
      assert.equal(ok.headers['access-control-allow-methods'], 'POST');
      assert.equal(ok.headers['access-control-allow-headers'], 'content-type');
      refused(await preflight('https://evil.example'), 403, 'forbidden_origin');
    });

    test('GET /twinfire.js: the script after its endpoint line, with an ETag; 304 on If-None-Match; HEAD has no body', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'twinfire-suite-'));
      const file = join(dir, 'twinfire.min.js');
      writeFileSync(file, '!function(){window.twinfireSuite=1}();\n');
      const s = await site(t, { _scriptFile: file });
      const res = await rawRequest(`${s.url}/twinfire.js`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers['content-type'], 'application/javascript; charset=utf-8');
      assert.equal(res.text, 'try{window.twinfireConfig={endpoint:"/twinfire",...window.twinfireConfig}}catch{}\n!function(){window.twinfireSuite=1}();\n');
      const etag = res.headers.etag;
      assert.match(etag ?? '', /^"[A-Za-z0-9_-]+"$/);
      const again = await rawRequest(`${s.url}/twinfire.js`, { headers: { 'if-none-match': etag! } });
      assert.equal(again.status, 304);
      assert.equal(again.text, '');
      assert.equal(again.headers.etag, etag);
      const head = await rawRequest(`${s.url}/twinfire.js`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(head.text, '');
    });

    test('429 rate_limited past rateLimit.points, with Retry-After', async (t) => {
      const s = await site(t, { rateLimit: { points: 2 } });
      const cookie = { cookie: '_fbp=fb.1.1732000000000.77' };
      assert.equal((await s.post(suiteMirror(), cookie)).status, 202);
      assert.equal((await s.post(suiteMirror(), cookie)).status, 202);
      const res = await s.post(suiteMirror(), cookie);
      refused(res, 429, 'rate_limited');
      assert.ok(Number(res.headers['retry-after']) >= 1, `Retry-After ${res.headers['retry-after']}`);
      assert.equal((await s.tf.stats()).rejected.rate_limited, 1);
    });

    test('a bot user agent: 202 queued 0 reason bot, nothing sent', async (t) => {
      const s = await site(t);
      const payload = suiteMirror();
      const res = await s.post(payload, { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
      assert.equal(res.status, 202, res.text);
      assert.deepEqual(res.json, { ok: true, event_id: payload.event_id, queued: 0, reason: 'bot' });
      assert.equal((await s.twins(payload.event_id)).length, 0);
    });

    test('a first visit without _fbp gets one minted as a first-party cookie, sent with the twin', async (t) => {
      const s = await site(t);
      const payload = suiteMirror({ fbp: undefined });
      const res = await s.post(payload);
      assert.equal(res.status, 202, res.text);
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const minted = cookies.find((c) => c.startsWith('_fbp='));
      assert.match(minted ?? '', /^_fbp=(fb\.1\.\d{13}\.\d+);/, cookies.join('\n'));
      const fbp = /^_fbp=([^;]+)/.exec(minted!)![1];
      const twins = await s.twins(payload.event_id);
      assert.equal(twins[0]?.user_data.fbp, fbp);
    });

    test('a batch (the events of one page task): each event validated and answered on its own, shared fields once', async (t) => {
      const s = await site(t);
      const good = suiteMirror({ event_name: 'AddToCart' });
      const twice = suiteMirror({ event_name: 'ViewContent' });
      assert.equal((await s.post(twice)).status, 202);
      const { v: _v, event_source_url, fbp, ...own } = good;
      const res = await s.post({
        v: 1,
        event_source_url,
        fbp,
        events: [
          own,
          { event_name: 'Lead', event_id: 'lead-1', event_time: good.event_time },
          { ...twice, v: undefined },
          { event_name: 'Lead', event_time: good.event_time },
        ],
      });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.json.ok, true);
      const [first, lead, again, bad] = res.json.results;
      assert.deepEqual(first, { status: 202, ok: true, event_id: good.event_id, queued: 1 });
      assert.deepEqual(lead, { status: 202, ok: true, event_id: 'lead-1', queued: 1 });
      assert.deepEqual(again, { status: 202, ok: true, event_id: twice.event_id, queued: 0, duplicate: true });
      assert.equal(bad.status, 400);
      assert.equal(bad.error.code, 'missing_field');
      assert.equal(bad.error.field, 'event_id');
      const twins = await s.twins(good.event_id);
      assert.equal(twins.length, 1);
      assert.equal(twins[0].event_source_url, event_source_url, 'a shared field reached the event');
      assert.equal(twins[0].user_data.fbp, fbp);
      assert.equal((await s.twins('lead-1'))[0]?.event_name, 'Lead');
      const stats = await s.tf.stats();
      assert.equal(stats.received, 5, 'the single mirror and the four batched events');
    });

    test('a batch refused as a whole: empty, not a list, over the limit, a wrong version; none of its events queued', async (t) => {
      const s = await site(t);
      refused(await s.post({ v: 1, events: [] }), 400, 'invalid_batch');
      refused(await s.post({ v: 1, events: 'x' }), 400, 'invalid_batch');
      refused(await s.post({ v: 1, events: [1] }), 400, 'invalid_batch');
      refused(await s.post({ v: 2, events: [suiteMirror()] }), 400, 'unsupported_version');
      const many = Array.from({ length: 51 }, () => suiteMirror());
      refused(await s.post({ v: 1, events: many }), 400, 'too_many_items');
      assert.equal((await s.twins(many[0]!.event_id)).length, 0);
      // Every event of a batch counts against the rate limit, one by one: what fits goes, the rest gets 429.
      const limited = await site(t, { rateLimit: { points: 3 } });
      const four = await limited.post({ v: 1, events: [suiteMirror(), suiteMirror(), suiteMirror(), suiteMirror()] });
      assert.equal(four.status, 202, four.text);
      assert.deepEqual(
        four.json.results.map((r: { status: number }) => r.status),
        [202, 202, 202, 429],
      );
      assert.equal(four.json.results[3].error.code, 'rate_limited');
      refused(await limited.post(suiteMirror()), 429, 'rate_limited');
      // A batch whose events are all refused takes the first one's status.
      const allBad = await s.post({ v: 1, events: [{ event_name: 'Lead' }] });
      assert.equal(allBad.status, 400, allBad.text);
      assert.equal(allBad.json.ok, false);
      assert.equal(allBad.json.results[0].error.code, 'missing_field');
    });

    test('a batch from a visitor without _fbp: one _fbp is minted, shared by every event, and set as the cookie', async (t) => {
      const s = await site(t);
      const a = suiteMirror({ fbp: undefined });
      const b = suiteMirror({ fbp: undefined, event_name: 'AddToCart' });
      const res = await s.post({ v: 1, events: [a, b] });
      assert.equal(res.status, 202, res.text);
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const minted = /^_fbp=([^;]+)/.exec(cookies.find((c) => c.startsWith('_fbp=')) ?? '')?.[1];
      assert.ok(minted, cookies.join('\n'));
      assert.equal((await s.twins(a.event_id))[0]?.user_data.fbp, minted);
      assert.equal((await s.twins(b.event_id))[0]?.user_data.fbp, minted);
    });

    test('an event of a batch that fails inside twinfire is answered 500 on its own; the others keep their answers', async (t) => {
      class FailingOutbox extends MemoryOutbox {
        override async enqueue(entries: Parameters<MemoryOutbox['enqueue']>[0], now: number) {
          if (entries.some((e) => e.event.event_id === 'boom')) throw new Error('disk on fire');
          return super.enqueue(entries, now);
        }
      }
      const s = await site(t, { outbox: new FailingOutbox() });
      const good = suiteMirror();
      const res = await s.post({ v: 1, events: [suiteMirror({ event_id: 'boom' }), good] });
      assert.equal(res.status, 202, res.text);
      assert.equal(res.json.results[0].status, 500);
      assert.equal(res.json.results[0].error.code, 'internal_error');
      assert.equal(res.json.results[1].status, 202);
      assert.equal((await s.twins(good.event_id)).length, 1);
      assert.ok(
        s.logs.some((l) => l.level === 'error'),
        'logged',
      );
    });

    test('cookies are re-issued on the first mirror of a day and when a value changes, not on every mirror', async (t) => {
      const s = await site(t);
      const first = await s.post(suiteMirror());
      const cookies = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
      assert.deepEqual(
        cookies.map((c) => c.split('=')[0]),
        ['_fbp', '_twc'],
        cookies.join('\n'),
      );
      const jar = cookies.map((c) => c.split(';')[0]).join('; ');
      const again = await s.post(suiteMirror(), { cookie: jar });
      assert.equal(again.status, 202);
      assert.equal(again.headers['set-cookie'], undefined, 'the same values, re-issued today already');
      // An ad click brings an fbclid: a new _fbc is set, and only it.
      const clicked = await s.post(suiteMirror({ event_source_url: 'https://shop.example.com/?fbclid=IwAR2F4abc' }), { cookie: jar });
      const set = ([] as string[]).concat(clicked.headers['set-cookie'] ?? []);
      assert.deepEqual(
        set.map((c) => c.split('=')[0]),
        ['_fbc'],
        set.join('\n'),
      );
      // Another day: everything again, with the new day.
      const stale = await s.post(suiteMirror(), { cookie: jar.replace(/_twc=\d+/, '_twc=1') });
      assert.deepEqual(
        ([] as string[]).concat(stale.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]),
        ['_fbp', '_twc'],
      );
    });

    test('408 body_timeout for a body still incomplete at bodyTimeoutMs, and the connection is closed', async (t) => {
      const s = await site(t, { bodyTimeoutMs: 200 });
      const body = JSON.stringify(suiteMirror());
      const started = Date.now();
      const res = await s.post(body.slice(0, body.length >> 1), { 'content-length': String(Buffer.byteLength(body)) }, { unfinished: true });
      refused(res, 408, 'body_timeout');
      const took = Date.now() - started;
      assert.ok(took >= 180 && took < 1000, `answered after ${took} ms`);
      assert.equal(res.headers.connection, 'close');
      assert.equal(await res.socketClosed(400), true, 'the server closes the connection at once');
    });
  });
}

function present(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
}
