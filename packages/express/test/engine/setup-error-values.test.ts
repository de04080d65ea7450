// Setup errors that quote what was passed: the graphUrl, a pixel id, a path, a number. Never a token or the
// secret, even when one lands in the wrong option.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { twinfire } from '@twinfire/express';
import { setupError, SETUP_TOKEN as TOKEN } from '../setup-error.js';

const ok = { pixels: [{ id: '123', accessToken: TOKEN }], logger: { info() {}, warn() {}, error() {} } };
const INVALID = 'ERR_TWINFIRE_INVALID_OPTION';

test('a graphUrl with a path, query, fragment or credentials is refused, quoting the URL', () => {
  const cases: [graphUrl: unknown, pattern: RegExp][] = [
    ['https://graph.facebook.com/v21.0', /"https:\/\/graph\.facebook\.com\/v21\.0".*graphVersion: 'v21\.0'/],
    ['https://graph.facebook.com/v21.0/', /graphVersion: 'v21\.0'/],
    ['http://127.0.0.1:4010/v26.0/1234/events', /"http:\/\/127\.0\.0\.1:4010\/v26\.0\/1234\/events".*graphVersion/],
    ['https://proxy.example.com/meta', /origin only.*"https:\/\/proxy\.example\.com\/meta"/],
    ['https://graph.facebook.com?access_token=x', /query string/],
    ['https://graph.facebook.com/#v21', /fragment|query string/],
    ['https://user:pass@graph.facebook.com', /user name or password/],
    ['graph.facebook.com', /"graph\.facebook\.com"/],
    ['ftp://graph.facebook.com', /"ftp:\/\/graph\.facebook\.com"/],
    [42, /got 42/],
  ];
  for (const [graphUrl, pattern] of cases) setupError({ ...ok, graphUrl }, INVALID, 'graphUrl', pattern);
  setupError({ ...ok, graphUrl: `https://graph.facebook.com?access_token=${TOKEN}` }, INVALID, 'graphUrl');
  setupError({ ...ok, graphUrl: 'https://me:s3cr3t@graph.facebook.com' }, INVALID, 'graphUrl', /^(?!.*s3cr3t)/s);
});

test('plain http is refused except on loopback, where the emulator runs', () => {
  for (const graphUrl of ['http://graph.facebook.com', 'http://10.0.0.5:4010', 'http://192.168.1.2', 'http://localhost.example.com']) {
    setupError({ ...ok, graphUrl }, INVALID, 'graphUrl', /HTTPS.*loopback/);
  }
  for (const graphUrl of [
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://localhost:4010/',
    'http://LOCALHOST',
    'http://[::1]:4010',
    'https://graph.facebook.com/',
    'https://graph.facebook.com',
    'https://capi-gateway.example.com:8443',
  ]) {
    const tf = twinfire({ ...ok, graphUrl });
    void tf.close();
  }
});

test('errors quote the offending value when it is not a secret', () => {
  setupError({ pixels: [{ id: 'act_123', accessToken: TOKEN }] }, INVALID, 'pixels[0].id', /got "act_123"/);
  setupError({ pixelId: '12 34', accessToken: TOKEN }, INVALID, 'pixelId', /got "12 34"/);
  setupError({ pixelId: 1234, accessToken: TOKEN }, INVALID, 'pixelId', /got 1234/);
  setupError({ ...ok, path: 'twinfire' }, INVALID, 'path', /got "twinfire"/);
  setupError({ ...ok, scriptPath: '/t.js?v=1' }, INVALID, 'scriptPath', /got "\/t\.js\?v=1"/);
  setupError({ ...ok, graphVersion: '21.0' }, INVALID, 'graphVersion', /got "21\.0"/);
  setupError({ ...ok, batchSize: 5000 }, INVALID, 'batchSize', /got 5000/);
  setupError({ ...ok, bots: 'block' }, INVALID, 'bots', /got "block"/);
  setupError({ ...ok, cookieDomain: 'exa mple.com' }, INVALID, 'cookieDomain', /got "exa mple\.com"/);
});

test('a token or the secret in the wrong option is never quoted', () => {
  // The token and the id swapped: the id check sees the token.
  setupError({ pixelId: TOKEN, accessToken: '1234567890' }, INVALID, 'pixelId', /a string of \d+ characters/);
  setupError({ pixels: [{ id: TOKEN, accessToken: TOKEN }] }, INVALID, 'pixels[0].id');
  const longToken = `EAAG${'x'.repeat(180)}`;
  assert.throws(
    () => twinfire({ pixelId: longToken, accessToken: 'a' }),
    (e: Error) => !e.message.includes(longToken),
  );
  const secret = 'not-long-enough-secret';
  assert.throws(
    () => twinfire({ ...ok, secret }),
    (e: Error) => !e.message.includes(secret),
  );
});
