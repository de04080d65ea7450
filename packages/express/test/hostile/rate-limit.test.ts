import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { harnessFor, mirror } from '../harness.js';

// Attack 5 of issue 11: one client posted 232 000 mirrors in a minute, all queued and delivered.

const cookie = (n: number) => ({ cookie: `_fbp=fb.1.1732000000000.${1000 + n}` });

describe('hostile: rate limiting per client', () => {
  test('by default a browser may post 120 mirrors a minute; the 121st gets 429 rate_limited with Retry-After', async (t) => {
    const h = await harnessFor(t, { options: { rateLimit: undefined } });
    for (let i = 0; i < 120; i++) assert.equal((await h.post(mirror(), cookie(1))).status, 202, `mirror ${i}`);
    const refused = await h.post(mirror(), cookie(1));
    assert.equal(refused.status, 429);
    assert.equal(refused.json.error.code, 'rate_limited');
    const wait = Number(refused.headers['retry-after']);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    assert.equal((await h.post(mirror(), cookie(2))).status, 202, 'another visitor behind the same address has a budget of its own');
    assert.equal((await h.tf.stats()).rejected.rate_limited, 1);
  });

  test('a new _fbp cookie per request gains nothing past the per-address budget', async (t) => {
    const h = await harnessFor(t, { options: { rateLimit: { points: 2, ipPoints: 5 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await h.post(mirror(), cookie(i))).status);
    assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429, 429, 429]);
  });

  test('trust proxy decides the address: forwarded clients are limited apart', async (t) => {
    const h = await harnessFor(t, { trustProxy: true, options: { rateLimit: { points: 1 } } });
    assert.equal((await h.post(mirror(), { 'x-forwarded-for': '203.0.113.1' })).status, 202);
    assert.equal((await h.post(mirror(), { 'x-forwarded-for': '203.0.113.1' })).status, 429);
    assert.equal((await h.post(mirror(), { 'x-forwarded-for': '2001:db8:1:2::1' })).status, 202);
    assert.equal((await h.post(mirror(), { 'x-forwarded-for': '2001:db8:1:2::99' })).status, 429, 'IPv6 counts by /64');
  });

  test('rateLimit: false turns it off; a failing limiter of your own lets mirrors through', async (t) => {
    const h = await harnessFor(t, { options: { rateLimit: false } });
    for (let i = 0; i < 150; i++) assert.equal((await h.post(mirror(), cookie(1))).status, 202);
    const broken = { consume: async () => Promise.reject(new Error('redis is down')) };
    const other = await harnessFor(t, { options: { rateLimit: { limiters: { client: broken } } } });
    assert.equal((await other.post(mirror())).status, 202);
    assert.ok(other.logs.some((l) => l.level === 'warn' && /rate limiter failed/.test(l.msg ?? '')));
  });
});

test('the in-memory limiter tracks at most maxClients browsers: a flood from many addresses cannot grow it', async (t) => {
  const h = await harnessFor(t, { trustProxy: true, options: { rateLimit: { points: 5, maxClients: 3 } } });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) assert.equal((await h.post(mirror(), from(ip))).status, 202, ip);
  const refused = await h.post(mirror(), from('198.51.100.4'));
  assert.equal(refused.status, 429);
  assert.equal(refused.json.error.code, 'too_many_clients');
  assert.ok(Number(refused.headers['retry-after']) >= 1);
  assert.equal((await h.post(mirror(), from('198.51.100.2'))).status, 202, 'a browser already tracked goes on');
  assert.equal((await h.tf.stats()).rejected.too_many_clients, 1);
});
