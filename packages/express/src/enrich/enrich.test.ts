import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { originAllowed } from '../middleware/check-origin.js';
import { resolveClickIds } from './click-ids.js';
import { cookieDomainFor } from './cookie-domain-option.js';
import { hostnameOf, registrableDomain } from './cookie-domain.js';
import { parseCookies, serializeCookie } from './cookies.js';

test('registrable domain: a short documented rule; none for IPs and single-label hosts', () => {
  const table: [string, string | undefined][] = [
    ['www.example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['a.b.shop.example.com', 'example.com'],
    ['www.shop.co.uk', 'shop.co.uk'],
    ['shop.com.au', 'shop.com.au'],
    ['localhost', undefined],
    ['127.0.0.1', undefined],
    ['::1', undefined],
    ['Example.COM.', 'example.com'],
  ];
  for (const [host, domain] of table) assert.equal(registrableDomain(host), domain, host);
  assert.equal(hostnameOf('shop.example.com:8080'), 'shop.example.com');
  assert.equal(hostnameOf('[::1]:3000'), '::1');
  assert.equal(cookieDomainFor('example.com', 'www.example.com'), 'example.com');
  assert.equal(cookieDomainFor('.example.com', 'www.example.com'), 'example.com');
  assert.equal(cookieDomainFor('other.com', 'www.example.com'), undefined, 'a domain the browser would refuse');
  assert.equal(cookieDomainFor(false, 'www.example.com'), undefined);
  assert.equal(cookieDomainFor((h) => h, 'www.example.com'), 'www.example.com');
});

test('cookies: parsed without prototype, serialized with Meta\'s attributes, unsafe values refused', () => {
  const cookies = parseCookies('_fbp=fb.1.1.2; __proto__=x; a="q"; _fbp=second; e=%7B');
  assert.equal(cookies._fbp, 'fb.1.1.2');
  assert.equal(Object.getPrototypeOf(cookies), null);
  assert.equal(cookies.a, 'q');
  assert.equal(cookies.e, '{');
  assert.equal(
    serializeCookie('_fbp', 'fb.1.1732000000000.5', { maxAgeSeconds: 7776000, domain: 'example.com', secure: true }),
    '_fbp=fb.1.1732000000000.5; Max-Age=7776000; Path=/; SameSite=Lax; Domain=example.com; Secure',
  );
  assert.equal(serializeCookie('_fbc', 'a;b', { maxAgeSeconds: 1, secure: false }), undefined);
});

test('click ids: payload first, then cookies; fbclid keeps the first click time; the index follows the cookie domain', () => {
  const now = 1_800_000_000_000;
  const base = { cookies: {}, urls: [], now, domain: 'example.com', hostname: 'www.example.com', secure: false, reissue: true };
  const minted = resolveClickIds({ ...base });
  assert.match(minted.fbp!, /^fb\.1\.1800000000000\.\d+$/);
  assert.equal(minted.mintedFbp, true);
  const withCookie = resolveClickIds({ ...base, cookies: { _fbp: 'fb.2.1700000000000.7', _fbc: 'fb.1.1700000000000.CLICK' }, urls: ['https://x.example/?fbclid=CLICK'] });
  assert.equal(withCookie.fbp, 'fb.2.1700000000000.7');
  assert.equal(withCookie.fbc, 'fb.1.1700000000000.CLICK', 'same fbclid: first click time kept');
  const newClick = resolveClickIds({ ...base, cookies: { _fbc: 'fb.1.1700000000000.OLD' }, urls: [undefined, 'https://ref.example/?fbclid=NEW'] });
  assert.equal(newClick.fbc, 'fb.1.1800000000000.NEW');
  const payload = resolveClickIds({ ...base, payloadFbp: 'fb.1.1600000000000.1', cookies: { _fbp: 'fb.1.1700000000000.2' } });
  assert.equal(payload.fbp, 'fb.1.1600000000000.1');
  const off = resolveClickIds({ ...base, reissue: false });
  assert.equal(off.fbp, undefined, 'no cookie re-issue: no minting either');
  assert.deepEqual(off.setCookies, []);
  const invalidCookie = resolveClickIds({ ...base, cookies: { _fbc: 'IwAR-raw-fbclid' } });
  assert.equal(invalidCookie.fbc, undefined, 'a malformed cookie is never used or re-issued');
});

test('origin check: own host, Referer fallback, allowedOrigins list/RegExp/function, Origin null refused', () => {
  const req = (headers: Record<string, string>, hostname?: string) => ({ headers: { host: 'shop.example.com', ...headers }, hostname }) as unknown as IncomingMessage;
  assert.equal(originAllowed(req({ origin: 'https://shop.example.com' }), []), true);
  assert.equal(originAllowed(req({ origin: 'https://evil.example' }), []), false);
  assert.equal(originAllowed(req({ origin: 'null' }), []), false);
  assert.equal(originAllowed(req({ referer: 'https://shop.example.com/cart' }), []), true);
  assert.equal(originAllowed(req({ referer: 'https://evil.example/' }), []), false);
  assert.equal(originAllowed(req({}), []), true, 'no Origin and no Referer: not a cross-site browser request');
  assert.equal(originAllowed(req({ origin: 'https://www.example.com' }), ['https://www.example.com/']), true);
  assert.equal(originAllowed(req({ origin: 'https://m.example.com' }), [/^https:\/\/[a-z]+\.example\.com$/]), true);
  assert.equal(originAllowed(req({ origin: 'https://m.example.com' }), (o) => o.endsWith('.example.com')), true);
  assert.equal(originAllowed(req({ origin: 'https://shop.example.com' }, 'shop.example.com'), []), true);
  assert.equal(originAllowed(req({ origin: 'https://proxy.example' }, 'proxy.example'), []), true, 'trust-proxy hostname');
});
