import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwinfireError, type TwinfireOptions, twinfire } from '@twinfire/express';
import { harnessFor, mirror, UA } from '../harness.js';
import { postExactly } from './door.js';

// Issue 12: a forged `Host` header ended up in the Domain of the `_fbp`/`_fbc` cookies. A host names the
// cookie Domain only when something other than the Host header vouches for it; otherwise cookies are host-only.

/** The Domain attributes of the Set-Cookie lines answering a mirror sent with these headers. */
async function domainsFor(
  options: Partial<TwinfireOptions>,
  headers: Record<string, string>,
  t: { after(fn: () => unknown): void },
): Promise<(string | null)[]> {
  const h = await harnessFor(t, { options });
  const res = await postExactly(h, mirror(), { 'user-agent': UA, ...headers });
  assert.equal(res.status, 202, res.text.slice(0, 300));
  const lines = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  assert.ok(lines.length > 0, 'cookies are re-issued');
  return lines.map((line) => /;\s*Domain=([^;]*)/i.exec(line)?.[1] ?? null);
}

const ALLOWED = { allowedOrigins: ['https://www.shop.example'] };

describe('the Host header names a cookie Domain only when vouched for', () => {
  test('forged Host with an allowed Origin: host-only cookies', async (t) => {
    const domains = await domainsFor(ALLOWED, { host: 'evil.example', origin: 'https://www.shop.example' }, t);
    assert.deepEqual([...new Set(domains)], [null]);
  });

  test("a host under an allowed origin's registrable domain: Domain is that registrable domain", async (t) => {
    const domains = await domainsFor(ALLOWED, { host: 'api.shop.example', origin: 'https://www.shop.example' }, t);
    assert.deepEqual([...new Set(domains)], ['shop.example']);
  });

  test("the host of the accepted Origin (the page's own host): Domain is its registrable domain", async (t) => {
    const domains = await domainsFor({}, { host: 'www.shop.example', origin: 'http://www.shop.example' }, t);
    assert.deepEqual([...new Set(domains)], ['shop.example']);
  });

  test('an Origin allowed by a RegExp does not vouch for another Host', async (t) => {
    const domains = await domainsFor({ allowedOrigins: [/^https:\/\/[a-z]+\.shop\.example$/] }, { host: 'evil.example', origin: 'https://m.shop.example' }, t);
    assert.deepEqual([...new Set(domains)], [null]);
  });

  test('no Origin at all (requireOrigin: false): the Host alone vouches for nothing', async (t) => {
    const domains = await domainsFor({ requireOrigin: false }, { host: 'evil.example' }, t);
    assert.deepEqual([...new Set(domains)], [null]);
  });

  test('cookieDomain: a string vouches for the hosts under it, and only those', async (t) => {
    assert.deepEqual([...new Set(await domainsFor({ requireOrigin: false, cookieDomain: 'shop.example' }, { host: 'www.shop.example' }, t))], ['shop.example']);
    assert.deepEqual([...new Set(await domainsFor({ requireOrigin: false, cookieDomain: 'shop.example' }, { host: 'evil.example' }, t))], [null]);
  });

  test('a syntactically invalid host never reaches a Domain attribute, even when its Origin matches', async (t) => {
    for (const host of ['shop.example;domain=evil.example', 'a_b.shop.example', '-x.shop.example']) {
      const domains = await domainsFor({}, { host, origin: `http://${host}` }, t);
      assert.deepEqual([...new Set(domains)], [null], host);
    }
    const fromFunction = await domainsFor({ cookieDomain: () => 'shop.example; Secure' }, { host: 'www.shop.example', origin: 'http://www.shop.example' }, t);
    assert.deepEqual([...new Set(fromFunction)], [null], 'what a cookieDomain function returns is checked too');
  });

  test('a cookieDomain string that is no domain name is a setup error', () => {
    for (const cookieDomain of ['example.com; Secure', 'shop example', '127.0.0.1']) {
      assert.throws(
        () => twinfire({ pixelId: '123', accessToken: 'EAAtest', cookieDomain }),
        (error: unknown) => error instanceof TwinfireError && error.code === 'ERR_TWINFIRE_INVALID_OPTION' && error.field === 'cookieDomain',
        cookieDomain,
      );
    }
  });
});
