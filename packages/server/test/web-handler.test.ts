import assert from 'node:assert/strict';
import { after, before, describe, type TestContext, test } from 'node:test';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type RunningEmulator, startEmulator } from '@twinfire/emulator';
import { createTwinfire, type TwinfireOptions, type WebHandlerOptions, webHandler } from '@twinfire/server';
import { endpointSuite, type RawResponse, rawRequest, suiteMirror } from '@twinfire/testkit';
import { Hono } from 'hono';
import { serveFetch } from './hono-site.js';

// The web handler on Hono over Node, routed exactly as packages/server/README.md shows.
endpointSuite('web handler on Hono (@hono/node-server)', async (options) => {
  const tf = createTwinfire<Request>(options as unknown as TwinfireOptions<Request>);
  const handler = webHandler(tf);
  const app = new Hono();
  app.on(['GET', 'HEAD', 'POST', 'OPTIONS'], ['/twinfire', '/twinfire.js'], (c) => handler(c.req.raw, { ip: getConnInfo(c).remote.address }));
  const site = await serveFetch(app.fetch);
  return { url: site.url, tf, close: () => site.close() };
});

const PIXEL = '444444444444444';
const TOKEN = 'EAAweb-handler-secret-token-0123456789';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const silent = { info() {}, warn() {}, error() {} };

describe('webHandler', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ port: 0, acceptedTokens: [TOKEN] });
  });
  after(() => emulator.close());

  /** `webHandler(tf, web)` served as is (no Hono), `info` computed per request; stopped after test `t`. */
  async function setup(
    t: TestContext,
    web: WebHandlerOptions = {},
    options: Record<string, unknown> = {},
    info?: (request: Request) => { ip?: unknown } | undefined,
  ) {
    const tf = createTwinfire<Request>({
      pixelId: PIXEL,
      accessToken: TOKEN,
      graphUrl: emulator.url,
      flushIntervalMs: 5,
      rateLimit: false,
      logger: silent,
      ...options,
    } as TwinfireOptions<Request>);
    const handler = webHandler(tf, web);
    const site = await serveFetch((request) => handler(request, info?.(request)));
    t.after(async () => {
      await site.close();
      await tf.close();
    });
    const post = (path: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
      rawRequest(site.url + path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: site.url, 'user-agent': UA, ...headers },
        body: JSON.stringify(payload),
      });
    /** The one server twin of `eventId` at the emulator. */
    const twin = async (eventId: unknown) => {
      await tf.flush();
      const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: any[] };
      const twins = events.filter((e) => e.source === 'server' && e.event_id === eventId);
      assert.equal(twins.length, 1, JSON.stringify(twins));
      return twins[0];
    };
    return { tf, handler, url: site.url, post, twin };
  }

  function assertNotFound(res: RawResponse, what: string): void {
    assert.equal(res.status, 404, `${what}: ${res.text}`);
    assert.match(String(res.headers['content-type']), /^application\/json/, what);
    assert.equal(res.json?.error?.code, 'not_found', what);
  }

  test('basePath: the endpoint and the script under it, the script naming the endpoint under it; the root paths are not its', async (t) => {
    const s = await setup(t, { basePath: '/api/' });
    const payload = suiteMirror();
    const res = await s.post('/api/twinfire', payload);
    assert.equal(res.status, 202, res.text);
    assert.equal((await s.twin(payload.event_id)).event_name, 'ViewContent');
    const script = await rawRequest(`${s.url}/api/twinfire.js`);
    assert.equal(script.status, 200);
    assert.ok(script.text.startsWith('try{window.twinfireConfig={endpoint:"/api/twinfire",'), script.text.slice(0, 80));
    assertNotFound(await s.post('/twinfire', suiteMirror()), 'POST /twinfire');
    assertNotFound(await rawRequest(`${s.url}/twinfire.js`), 'GET /twinfire.js');
    assertNotFound(await rawRequest(`${s.url}/apitwinfire`), 'GET /apitwinfire');
    assertNotFound(await rawRequest(`${s.url}/api`), 'GET /api');
  });

  test("a path that is not twinfire's: 404 JSON not_found, whatever the method", async (t) => {
    const s = await setup(t);
    assertNotFound(await rawRequest(`${s.url}/`), 'GET /');
    assertNotFound(await rawRequest(`${s.url}/twinfire/x`), 'GET /twinfire/x');
    assertNotFound(await s.post('/elsewhere', suiteMirror()), 'POST /elsewhere');
    assertNotFound(await rawRequest(`${s.url}/twinfire.js`, { method: 'POST' }), 'POST /twinfire.js');
  });

  const proxied = {
    origin: 'https://shop.example.com',
    'x-forwarded-for': '203.0.113.7, 10.0.0.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'shop.example.com',
  };

  test('trustProxy unset: X-Forwarded-For, -Proto and -Host are not believed', async (t) => {
    const s = await setup(t);
    const res = await s.post('/twinfire', suiteMirror(), proxied);
    assert.equal(res.status, 403, res.text);
    assert.equal(res.json.error.code, 'forbidden_origin', 'the forwarded host and scheme do not make the origin');
    const payload = suiteMirror();
    assert.equal((await s.post('/twinfire', payload, { 'x-forwarded-for': '203.0.113.7' })).status, 202);
    assert.equal((await s.twin(payload.event_id)).user_data.client_ip_address, undefined, 'no IP rather than a forged one');
  });

  test('trustProxy: true: the first X-Forwarded-For is the IP, X-Forwarded-Proto and -Host make the origin and Secure cookies', async (t) => {
    const s = await setup(t, { trustProxy: true });
    const payload = suiteMirror({ fbp: undefined });
    const res = await s.post('/twinfire', payload, proxied);
    assert.equal(res.status, 202, res.text);
    const fbp = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('_fbp='));
    assert.match(fbp ?? '', /; Secure/, fbp);
    assert.equal((await s.twin(payload.event_id)).user_data.client_ip_address, '203.0.113.7');
    const downgrade = await s.post('/twinfire', suiteMirror(), { ...proxied, origin: 'http://shop.example.com' });
    assert.equal(downgrade.status, 403, 'an http page posting to what the proxy calls https is a downgrade');
  });

  test('the IP: info.ip wins over clientIp, clientIp over X-Forwarded-For; an address that is not an IP is dropped', async (t) => {
    const header = (request: Request, name: string) => request.headers.get(name) ?? undefined;
    const s = await setup(t, { trustProxy: true, clientIp: (request) => header(request, 'x-test-client-ip') }, {}, (request) =>
      request.headers.has('x-test-info-ip') ? { ip: header(request, 'x-test-info-ip') } : undefined,
    );
    const ipOf = async (headers: Record<string, string>) => {
      const payload = suiteMirror();
      assert.equal((await s.post('/twinfire', payload, { 'x-forwarded-for': '203.0.113.7', ...headers })).status, 202);
      return (await s.twin(payload.event_id)).user_data.client_ip_address;
    };
    assert.equal(await ipOf({ 'x-test-info-ip': '198.51.100.1', 'x-test-client-ip': '198.51.100.2' }), '198.51.100.1');
    assert.equal(await ipOf({ 'x-test-client-ip': '198.51.100.2' }), '198.51.100.2');
    assert.equal(await ipOf({}), '203.0.113.7');
    assert.equal(await ipOf({ 'x-test-info-ip': 'unknown' }), undefined);
  });

  test('without a client IP: the shared rate-limit budget is said once in the log, and it does bound the flood', async (t) => {
    const logs: { level: string; msg?: string }[] = [];
    const log = (level: string) => (_obj: object, msg?: string) => void logs.push({ level, msg });
    const s = await setup(t, {}, { rateLimit: { points: 2, ipPoints: 3 }, logger: { info: log('info'), warn: log('warn'), error: log('error') } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.post('/twinfire', suiteMirror(), { cookie: `_fbp=fb.1.1732000000000.${i}` })).status);
    assert.deepEqual(statuses, [202, 202, 202, 429], 'browsers without an IP share the one address budget (ipPoints)');
    const warnings = logs.filter((l) => l.level === 'warn' && /without the client IP/.test(l.msg ?? ''));
    assert.equal(warnings.length, 1, JSON.stringify(logs));
    assert.match(warnings[0]!.msg!, /trustProxy, clientIp or \{ ip \}/);
  });

  describe('a body arriving as a web ReadableStream', () => {
    const ORIGIN = 'http://shop.example';
    /** A POST to `handler` whose body is `stream`, as a platform hands it over. */
    const streamed = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
      new Request(`${ORIGIN}/twinfire`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'user-agent': UA, 'content-type': 'text/plain;charset=UTF-8', ...headers },
        body: stream,
        duplex: 'half',
      } as RequestInit);
    /** A stream of `chunks`, then (unless `stall`) its end; it records what was pulled and whether it was cancelled. */
    function source(chunks: string[], stall = false) {
      const seen = { pulled: 0, cancelled: false };
      const queue = [...chunks];
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            const next = queue.shift();
            if (next !== undefined) {
              seen.pulled++;
              controller.enqueue(new TextEncoder().encode(next));
            } else if (!stall) controller.close();
            else return new Promise<void>(() => undefined);
          },
          cancel() {
            seen.cancelled = true;
          },
          // Pulled only when read: nothing is buffered ahead of the reader.
        },
        { highWaterMark: 0 },
      );
      return { stream, seen };
    }
    const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any, connection: res.headers.get('connection') });

    test('a whole body within maxBodyBytes is read and accepted', async (t) => {
      const { handler } = await setup(t);
      const text = JSON.stringify(suiteMirror());
      const { stream } = source([text.slice(0, 40), text.slice(40)]);
      const res = await json(await handler(streamed(stream)));
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.queued, 1);
    });

    test('past maxBodyBytes: 413 payload_too_large as soon as the limit is crossed, the stream cancelled', async (t) => {
      const { handler } = await setup(t, {}, { maxBodyBytes: 1024 });
      const { stream, seen } = source(Array.from({ length: 50 }, () => 'x'.repeat(500)));
      const res = await json(await handler(streamed(stream)));
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'payload_too_large');
      assert.equal(res.connection, 'close');
      assert.ok(seen.pulled <= 4, `read ${seen.pulled} chunks of 500 bytes for a 1024-byte limit`);
      assert.equal(seen.cancelled, true);
    });

    test('a Content-Length over maxBodyBytes: 413 before a byte is read', async (t) => {
      const { handler } = await setup(t, {}, { maxBodyBytes: 1024 });
      const { stream, seen } = source(['{}']);
      const res = await json(await handler(streamed(stream, { 'content-length': '5000' })));
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'payload_too_large');
      assert.equal(seen.pulled, 0);
    });

    test('a body still incomplete at bodyTimeoutMs: 408 body_timeout then, the stream cancelled', async (t) => {
      const { handler } = await setup(t, {}, { bodyTimeoutMs: 200 });
      const { stream, seen } = source(['{"v":1,'], true);
      const started = Date.now();
      const res = await json(await handler(streamed(stream)));
      const took = Date.now() - started;
      assert.equal(res.status, 408);
      assert.equal(res.body.error.code, 'body_timeout');
      assert.equal(res.connection, 'close');
      assert.ok(took >= 180 && took < 1000, `answered after ${took} ms`);
      assert.equal(seen.cancelled, true);
    });
  });
});
