import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { type TwinfireCommonOptions, twinfire } from '@twinfire/express';
import { listen } from '@twinfire/testkit';
import express from 'express';
import { startFakeGraph } from '../fake-graph.js';
import { captureLogger, EMAIL, logLines, mirror, PIXEL_A, TOKEN_A, UA } from '../harness.js';
import { rawRequest } from '../http-client.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** twinfire in an Express 5 app, sending to a fake Graph server that records raw requests. */
async function site(options: TwinfireCommonOptions = {}, trustProxy = false) {
  const graph = await startFakeGraph();
  const logs: { level: string; obj: any; msg?: string }[] = [];
  const tf = twinfire({ pixelId: PIXEL_A, accessToken: TOKEN_A, graphUrl: graph.url, flushIntervalMs: 5, logger: captureLogger(logs), ...options });
  const app = express();
  if (trustProxy) app.set('trust proxy', true);
  app.use(tf);
  const server = await listen(app);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(`${server.url}/twinfire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, 'user-agent': UA, ...headers },
      body: JSON.stringify(body),
    });
  const sent = async () => {
    await tf.flush();
    return graph.requests.flatMap((r) => r.body.data);
  };
  return { tf, graph, logs, post, sent, siteUrl: server.url, close: async () => (await tf.close(), await server.close(), await graph.close()) };
}

describe('hooks, LDU and where the token travels', () => {
  const open: { close(): Promise<unknown> }[] = [];
  after(() => Promise.all(open.map((s) => s.close())));

  test('the access token travels in the JSON body, never in the URL', async () => {
    const s = await site({ testEventCode: 'TEST123' });
    open.push(s);
    await s.post(mirror());
    await s.sent();
    const [request] = s.graph.requests;
    assert.equal(request!.method, 'POST');
    assert.equal(request!.url, `/v26.0/${PIXEL_A}/events`);
    assert.ok(!request!.url.includes(TOKEN_A));
    assert.equal(request!.body.access_token, TOKEN_A);
    assert.equal(request!.body.test_event_code, 'TEST123');
    assert.equal(request!.headers['content-type'], 'application/json');
  });

  test("ldu(req) adds Limited Data Use; the page's own dataProcessingOptions are used otherwise", async () => {
    const s = await site({ ldu: (req) => (req.headers['x-region'] === 'ca' ? { country: 1, state: 1000 } : req.headers['x-region'] === 'geo') });
    open.push(s);
    const explicit = mirror();
    const geo = mirror();
    const fromPage = mirror({ data_processing_options: { options: ['LDU'], country: 1, state: 1000 } });
    const none = mirror();
    await s.post(explicit, { 'x-region': 'ca' });
    await s.post(geo, { 'x-region': 'geo' });
    await s.post(fromPage);
    await s.post(none);
    const events = await s.sent();
    const byId = (id: unknown) => events.find((e: any) => e.event_id === id);
    assert.deepEqual(pick(byId(explicit.event_id)), {
      data_processing_options: ['LDU'],
      data_processing_options_country: 1,
      data_processing_options_state: 1000,
    });
    assert.deepEqual(pick(byId(geo.event_id)), { data_processing_options: ['LDU'], data_processing_options_country: 0, data_processing_options_state: 0 });
    assert.deepEqual(pick(byId(fromPage.event_id)), {
      data_processing_options: ['LDU'],
      data_processing_options_country: 1,
      data_processing_options_state: 1000,
    });
    assert.deepEqual(pick(byId(none.event_id)), {});
  });

  test('userData(req) may be async; its plain values are hashed; the server twin carries the referrer', async () => {
    const s = await site({
      userData: async (req) => ({ em: req.headers['x-user'] === 'jane' ? EMAIL : undefined, external_id: 'U-9', client_ip_address: 'bad' }),
    });
    open.push(s);
    const payload = mirror({ referrer: 'https://ref.example/' });
    await s.post(payload, { 'x-user': 'jane' });
    const [event] = await s.sent();
    assert.equal(event.user_data.em.split('.')[0], sha('jane.doe+test@example.com'));
    assert.equal(event.user_data.external_id.split('.')[0], sha('u-9'));
    assert.equal(event.referrer_url, 'https://ref.example/');
    assert.equal(event.user_data.client_ip_address, '127.0.0.1', 'an invalid IP from the hook is left out (Meta would refuse the event)');
    assert.ok(s.logs.some((l) => l.level === 'warn' && l.obj.field === 'user_data.client_ip_address'));
  });

  test('a throwing userData hook is logged without its message and the event still goes', async () => {
    const s = await site({
      userData: () => {
        throw new Error(`lookup failed for ${EMAIL}`);
      },
    });
    open.push(s);
    assert.equal((await s.post(mirror())).status, 202);
    assert.equal((await s.sent()).length, 1);
    const line = s.logs.find((l) => l.obj.hook === 'userData');
    assert.equal(line?.level, 'error');
    assert.ok(!JSON.stringify(line).includes(EMAIL));
  });

  test('beforeSend edits or drops; it cannot change the dedup key', async () => {
    const s = await site({
      beforeSend: (event) => {
        if (event.event_name === 'Drop') return null;
        return { ...event, event_id: 'hijacked', custom_data: { ...event.custom_data, edited: true }, user_data: { ...event.user_data, em: EMAIL } };
      },
    });
    open.push(s);
    const keep = mirror();
    await s.post(keep);
    const dropped = await s.post(mirror({ event_name: 'Drop' }));
    assert.equal(dropped.json.reason, 'beforeSend');
    const events = await s.sent();
    assert.equal(events.length, 1);
    assert.equal(events[0].event_id, keep.event_id);
    assert.equal(events[0].custom_data.edited, true);
    assert.equal(events[0].user_data.em.split('.')[0], sha('jane.doe+test@example.com'), 'values added by beforeSend are hashed');
    assert.equal((await s.tf.stats()).dropped.beforeSend, 1);
  });

  test('consent(req, signals) sees Sec-GPC and the page consent; false means 202 and nothing sent', async () => {
    const seen: unknown[] = [];
    const s = await site({ consent: (_req, signals) => (seen.push(signals), !signals.gpc) });
    open.push(s);
    const res = await s.post(mirror(), { 'sec-gpc': '1' });
    assert.equal(res.status, 202);
    assert.equal(res.json.reason, 'consent');
    await s.post(mirror({ consent: 'granted' }));
    assert.equal((await s.sent()).length, 1);
    assert.deepEqual(seen, [
      { pageConsent: undefined, gpc: true },
      { pageConsent: 'granted', gpc: false },
    ]);
    assert.equal((await s.tf.stats()).dropped.consent, 1);
  });

  test('trust proxy decides the IP; X-Forwarded-Proto https makes cookies Secure; the registrable domain is used', async () => {
    const s = await site({}, true);
    open.push(s);
    const payload = mirror();
    const forwarded = { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'www.shop.example.co.uk' };
    // The page is on the forwarded origin: the request's own origin, and the host that names the cookie Domain.
    const res = await s.post(payload, { ...forwarded, origin: 'https://www.shop.example.co.uk' });
    assert.equal(res.status, 202, res.text);
    const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('_fbp='));
    assert.match(cookie ?? '', /; Domain=example\.co\.uk; Secure$/);
    const [event] = await s.sent();
    assert.equal(event.user_data.client_ip_address, '203.0.113.7');
    const untrusted = await site();
    open.push(untrusted);
    await untrusted.post(mirror(), { 'x-forwarded-for': '203.0.113.7' });
    const [direct] = await untrusted.sent();
    assert.equal(direct.user_data.client_ip_address, '127.0.0.1', 'without trust proxy the header is ignored');
  });
});

test('allowedOrigins: another origin may post, with CORS for fetch (preflight 204), others get 403', async () => {
  const s = await site({ allowedOrigins: ['https://www.example.com'] });
  try {
    const ok = await s.post(mirror(), { origin: 'https://www.example.com' });
    assert.equal(ok.status, 202);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://www.example.com');
    const preflight = await rawRequest(`${s.siteUrl}/twinfire`, {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://www.example.com');
    assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);
    const evil = await rawRequest(`${s.siteUrl}/twinfire`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal((await s.post(mirror(), { origin: 'https://evil.example' })).status, 403);
  } finally {
    await s.close();
  }
});

function pick(event: any) {
  const out: Record<string, unknown> = {};
  for (const key of ['data_processing_options', 'data_processing_options_country', 'data_processing_options_state']) if (key in event) out[key] = event[key];
  return out;
}

test('no log line contains the access token or a raw email', () => {
  const all = logLines.join('\n');
  assert.ok(!all.includes(TOKEN_A));
  assert.ok(!all.toLowerCase().includes(EMAIL.toLowerCase()));
});
