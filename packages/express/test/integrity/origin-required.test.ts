import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwinfireError, twinfire } from '@twinfire/express';
import { FLAVORS, type Harness, harnessFor, mirror, UA } from '../harness.js';
import { rawRequest } from '../http-client.js';
import { postExactly, siteHost } from './door.js';

// Issue 12: `curl` posted a mirror with neither Origin nor Referer, got 202, and a Purchase worth 1e9 reached Meta.

const forgedPurchase = () => mirror({ event_name: 'Purchase', custom_data: { value: 1e9, currency: 'EUR' } });

async function expectRefused(h: Harness, headers: Record<string, string>, code: string, why: string): Promise<void> {
  const res = await postExactly(h, mirror(), { 'user-agent': UA, ...headers });
  assert.equal(res.status, 403, `${why}: ${res.text.slice(0, 200)}`);
  assert.equal(res.json.error.code, code, why);
}

async function expectAccepted(h: Harness, headers: Record<string, string>, why: string): Promise<void> {
  const res = await postExactly(h, mirror(), { 'user-agent': UA, ...headers });
  assert.equal(res.status, 202, `${why}: ${res.text.slice(0, 200)}`);
}

for (const flavor of FLAVORS) {
  describe(`the door: Origin required and compared whole (${flavor})`, () => {
    test('neither Origin nor Referer: 403 missing_origin, and the forged Purchase never reaches Meta', async (t) => {
      const h = await harnessFor(t, { flavor });
      const res = await postExactly(h, forgedPurchase(), { 'user-agent': 'curl/8.5.0' });
      assert.equal(res.status, 403, res.text);
      assert.deepEqual([res.json.error.code, res.json.error.field], ['missing_origin', 'origin']);
      await h.tf.flush();
      assert.equal((await h.requests()).total.requests, 0);
      assert.equal((await h.tf.stats()).rejected.missing_origin, 1);
    });

    test('a same-origin Referer still stands in for a missing Origin', async (t) => {
      const h = await harnessFor(t, { flavor });
      await expectAccepted(h, { referer: `${h.site.url}/cart?x=1` }, 'same-origin Referer');
      await expectRefused(h, { referer: `http://127.0.0.1:${h.site.port + 1}/cart` }, 'forbidden_origin', 'Referer of another port');
    });

    test('scheme, host and port all count: another port or scheme of the same host name is refused', async (t) => {
      const h = await harnessFor(t, { flavor });
      await expectAccepted(h, { origin: h.site.url }, 'own origin');
      await expectRefused(h, { origin: `http://127.0.0.1:${h.site.port + 1}` }, 'forbidden_origin', 'another port');
      await expectRefused(h, { origin: 'http://127.0.0.1' }, 'forbidden_origin', 'default port');
      await expectRefused(h, { origin: 'https://127.0.0.1' }, 'forbidden_origin', 'https on 443');
      await expectRefused(h, { origin: `ftp://${siteHost(h)}` }, 'forbidden_origin', 'not http(s)');
    });

    test('behind a TLS-terminating proxy without trust proxy: an https page of the same host and port is accepted', async (t) => {
      const h = await harnessFor(t, { flavor });
      await expectAccepted(h, { origin: `https://${siteHost(h)}` }, 'upgrade: page https, request seen as http');
    });

    test('never a downgrade: an http page posting to a request seen as https is refused', async (t) => {
      const h = await harnessFor(t, { flavor, trustProxy: true });
      const host = siteHost(h);
      await expectRefused(h, { origin: `http://${host}`, 'x-forwarded-proto': 'https' }, 'forbidden_origin', 'downgrade');
      await expectAccepted(h, { origin: `https://${host}`, 'x-forwarded-proto': 'https' }, 'same scheme via trust proxy');
    });

    test('trust proxy: the forwarded host (with its port) and scheme make the own origin; without it they are ignored', async (t) => {
      const proxied = await harnessFor(t, { flavor, trustProxy: true });
      const forwarded = { 'x-forwarded-host': 'shop.example', 'x-forwarded-proto': 'https' };
      await expectAccepted(proxied, { ...forwarded, origin: 'https://shop.example' }, 'forwarded origin');
      await expectRefused(proxied, { ...forwarded, origin: 'https://shop.example:8443' }, 'forbidden_origin', 'forwarded host has no port');
      await expectAccepted(
        proxied,
        { 'x-forwarded-host': 'shop.example:8443', 'x-forwarded-proto': 'https', origin: 'https://shop.example:8443' },
        'forwarded port',
      );
      const direct = await harnessFor(t, { flavor });
      await expectRefused(direct, { ...forwarded, origin: 'https://shop.example' }, 'forbidden_origin', 'X-Forwarded-* without trust proxy');
    });
  });
}

describe('the door: requireOrigin and allowedOrigins', () => {
  test('requireOrigin: false accepts a mirror without Origin and Referer (a server-side relay), still refuses a foreign Origin', async (t) => {
    const h = await harnessFor(t, { options: { requireOrigin: false } });
    await expectAccepted(h, {}, 'no Origin, requireOrigin false');
    await expectRefused(h, { origin: 'https://evil.example' }, 'forbidden_origin', 'foreign Origin');
  });

  test('allowedOrigins strings compare whole too', async (t) => {
    const h = await harnessFor(t, { options: { allowedOrigins: ['https://www.shop.example'] } });
    await expectAccepted(h, { origin: 'https://www.shop.example' }, 'listed origin');
    await expectRefused(h, { origin: 'https://www.shop.example:8443' }, 'forbidden_origin', 'listed host, other port');
    await expectRefused(h, { origin: 'http://www.shop.example' }, 'forbidden_origin', 'listed host, other scheme');
  });

  test('a preflight without Origin gets 403 missing_origin', async (t) => {
    const h = await harnessFor(t);
    const res = await rawRequest(`${h.site.url}/twinfire`, { method: 'OPTIONS', headers: { 'access-control-request-method': 'POST' } });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, 'missing_origin');
  });

  test('requireOrigin must be a boolean', () => {
    assert.throws(
      () => twinfire({ pixelId: '123', accessToken: 'EAAtest', requireOrigin: 'no' as unknown as boolean }),
      (error: unknown) => error instanceof TwinfireError && error.code === 'ERR_TWINFIRE_INVALID_OPTION' && error.field === 'requireOrigin',
    );
  });
});
