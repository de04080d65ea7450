import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkOrigin } from '../endpoint/check-origin.js';
import type { EndpointRequest } from '../endpoint/request.js';
import { resolveClickIds } from './click-ids.js';
import { hostnameOf, isDomainName, registrableDomain } from './cookie-domain.js';
import { cookieDomainFor } from './cookie-domain-option.js';
import { parseCookies, serializeCookie } from './cookies.js';
import { hostVouched } from './vouched-host.js';

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
});

test('cookie Domain: only for a vouched, valid host name; a string cookieDomain vouches for the hosts under it', () => {
  assert.equal(cookieDomainFor('example.com', 'www.example.com', false), 'example.com');
  assert.equal(cookieDomainFor('.example.com', 'www.example.com', false), 'example.com');
  assert.equal(cookieDomainFor('other.com', 'www.example.com', true), undefined, 'a domain the browser would refuse');
  assert.equal(cookieDomainFor(false, 'www.example.com', true), undefined);
  assert.equal(
    cookieDomainFor((h) => h, 'www.example.com', true),
    'www.example.com',
  );
  assert.equal(
    cookieDomainFor((h) => h, 'www.example.com', false),
    undefined,
    'a function gets no unvouched host',
  );
  assert.equal(cookieDomainFor(undefined, 'www.example.com', true), 'example.com');
  assert.equal(cookieDomainFor(undefined, 'www.example.com', false), undefined, 'a Host header alone vouches for nothing');
  assert.equal(cookieDomainFor(undefined, 'shop.example;domain=evil.example', true), undefined);
  assert.equal(
    cookieDomainFor(() => 'example.com; Secure', 'www.example.com', true),
    undefined,
  );
  const names: [string, boolean][] = [
    ['example.com', true],
    ['xn--bcher-kva.example', true],
    ['localhost', true],
    ['a_b.example', false],
    ['-a.example', false],
    ['a-.example', false],
    ['127.0.0.1', false],
    ['example.com.', false],
    ['Example.com', false],
    ['a..b', false],
    [`${'a'.repeat(64)}.com`, false],
  ];
  for (const [name, valid] of names) assert.equal(isDomainName(name), valid, name);
  const allowed = ['https://www.shop.example', 'https://shop.co.uk'];
  assert.equal(hostVouched('api.shop.example', allowed, undefined), true, "under an allowed origin's registrable domain");
  assert.equal(hostVouched('shop.example', allowed, undefined), true);
  assert.equal(hostVouched('x.shop.co.uk', allowed, undefined), true);
  assert.equal(hostVouched('evil.co.uk', allowed, undefined), false, 'not the public suffix');
  assert.equal(hostVouched('evil.example', allowed, undefined), false);
  assert.equal(hostVouched('evil.example', [/evil/], undefined), false, 'a RegExp names no host');
  assert.equal(
    hostVouched('evil.example', () => true, undefined),
    false,
    'nor does a function',
  );
  assert.equal(hostVouched('www.site.example', [], new URL('https://www.site.example/p')), true, 'the accepted page host');
});

test("cookies: parsed without prototype, serialized with Meta's attributes, unsafe values refused", () => {
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
  const withCookie = resolveClickIds({
    ...base,
    cookies: { _fbp: 'fb.2.1700000000000.7', _fbc: 'fb.1.1700000000000.CLICK' },
    urls: ['https://x.example/?fbclid=CLICK'],
  });
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

test('origin check: own origin compared whole, Referer fallback, allowedOrigins list/RegExp/function, Origin null refused', () => {
  const req = (headers: Record<string, string>, extra: Partial<EndpointRequest> = {}): EndpointRequest => ({
    method: 'POST',
    path: '/twinfire',
    headers: { host: 'shop.example.com', ...headers },
    ...extra,
  });
  const allowed = (r: EndpointRequest, rules: Parameters<typeof checkOrigin>[1] = [], requireOrigin = true) => checkOrigin(r, rules, requireOrigin);
  assert.equal(allowed(req({ origin: 'http://shop.example.com' })), 'allowed');
  assert.equal(allowed(req({ origin: 'https://shop.example.com' })), 'allowed', 'https page, request seen as http: an upgrade');
  assert.equal(allowed(req({ origin: 'http://shop.example.com' }, { https: true })), 'forbidden_origin', 'never a downgrade');
  assert.equal(allowed(req({ origin: 'http://shop.example.com:8080' })), 'forbidden_origin', 'another port');
  assert.equal(allowed(req({ origin: 'http://shop.example.com:8080', host: 'shop.example.com:8080' })), 'allowed');
  assert.equal(allowed(req({ origin: 'https://shop.example.com', host: 'shop.example.com:80' })), 'forbidden_origin', 'https on 443 is not port 80');
  assert.equal(allowed(req({ origin: 'https://evil.example' })), 'forbidden_origin');
  assert.equal(allowed(req({ origin: 'null' })), 'forbidden_origin');
  assert.equal(allowed(req({ referer: 'http://shop.example.com/cart' })), 'allowed');
  assert.equal(allowed(req({ referer: 'https://evil.example/' })), 'forbidden_origin');
  assert.equal(allowed(req({})), 'missing_origin', 'no Origin and no Referer: a script, not a browser');
  assert.equal(allowed(req({}), [], false), 'allowed', 'requireOrigin: false');
  assert.equal(allowed(req({ origin: 'https://www.example.com' }), ['https://www.example.com/']), 'allowed');
  assert.equal(allowed(req({ origin: 'https://m.example.com' }), [/^https:\/\/[a-z]+\.example\.com$/]), 'allowed');
  assert.equal(
    allowed(req({ origin: 'https://m.example.com' }), (o) => o.endsWith('.example.com')),
    'allowed',
  );
  const proxied = req({ origin: 'https://proxy.example', 'x-forwarded-host': 'proxy.example' }, { host: 'proxy.example', https: true });
  assert.equal(allowed(proxied), 'allowed', 'the host and scheme the adapter resolved (trust proxy) win over the Host header');
  assert.equal(
    allowed(req({ origin: 'https://proxy.example', 'x-forwarded-host': 'proxy.example' })),
    'forbidden_origin',
    'a forwarded header alone is ignored',
  );
});
