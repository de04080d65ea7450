import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwinfireError, twinfire } from '@twinfire/express';
import { listen } from '@twinfire/testkit';
import express5 from 'express';
import express4 from 'express4';
import { rawRequest } from '../http-client.js';
import { setupError, SETUP_TOKEN as TOKEN } from '../setup-error.js';

const ok = { pixels: [{ id: '123', accessToken: TOKEN }] };

test('unknown option names are errors that suggest the close match', () => {
  setupError({ ...ok, pixel: [] }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'pixel', /did you mean `pixels`\?/);
  setupError({ ...ok, flushInterval: 10 }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'flushInterval', /did you mean `flushIntervalMs`\?/);
  setupError({ ...ok, maxbodybytes: 10 }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'maxbodybytes', /did you mean `maxBodyBytes`\?/);
  setupError({ ...ok, zzz: 1 }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'zzz', /Known options:/);
  setupError({ pixels: [{ id: '123', accessToken: TOKEN, token: 'x' }] }, 'ERR_TWINFIRE_UNKNOWN_OPTION', 'pixels[0].token');
});

test('a pixel without an access token is a setup error that says where to get one', () => {
  setupError({ pixels: [{ id: '123' }] }, 'ERR_TWINFIRE_MISSING_ACCESS_TOKEN', 'pixels[0].accessToken', /Events Manager/);
  setupError({ pixels: [{ id: '123', accessToken: '  ' }] }, 'ERR_TWINFIRE_MISSING_ACCESS_TOKEN', 'pixels[0].accessToken');
  setupError({ pixelId: '123', accessToken: process.env.SURELY_NOT_SET_TWINFIRE }, 'ERR_TWINFIRE_MISSING_ACCESS_TOKEN', 'accessToken');
});

test('invalid option values are setup errors naming the option, never echoing a token', () => {
  setupError(undefined, 'ERR_TWINFIRE_INVALID_OPTION', 'options');
  setupError({}, 'ERR_TWINFIRE_INVALID_OPTION', 'pixels', /no pixel configured/);
  setupError({ pixels: [] }, 'ERR_TWINFIRE_INVALID_OPTION', 'pixels');
  setupError({ pixels: [{ id: 'abc', accessToken: TOKEN }] }, 'ERR_TWINFIRE_INVALID_OPTION', 'pixels[0].id');
  setupError(
    {
      pixels: [
        { id: '1', accessToken: TOKEN },
        { id: '1', accessToken: TOKEN },
      ],
    },
    'ERR_TWINFIRE_INVALID_OPTION',
    'pixels[1].id',
  );
  setupError({ ...ok, pixelId: '1', accessToken: TOKEN }, 'ERR_TWINFIRE_INVALID_OPTION', 'pixels');
  setupError({ ...ok, batchSize: 5000 }, 'ERR_TWINFIRE_INVALID_OPTION', 'batchSize', /1 to 1000/);
  setupError({ ...ok, maxBodyBytes: '64kb' }, 'ERR_TWINFIRE_INVALID_OPTION', 'maxBodyBytes');
  setupError({ ...ok, path: 'twinfire' }, 'ERR_TWINFIRE_INVALID_OPTION', 'path');
  setupError({ ...ok, graphUrl: 'graph.facebook.com' }, 'ERR_TWINFIRE_INVALID_OPTION', 'graphUrl');
  setupError({ ...ok, graphVersion: '26' }, 'ERR_TWINFIRE_INVALID_OPTION', 'graphVersion');
  setupError({ ...ok, userData: { em: 'x' } }, 'ERR_TWINFIRE_INVALID_OPTION', 'userData');
  setupError({ ...ok, logger: console.log }, 'ERR_TWINFIRE_INVALID_OPTION', 'logger');
  setupError({ ...ok, allowedOrigins: 'https://a.example' }, 'ERR_TWINFIRE_INVALID_OPTION', 'allowedOrigins');
  assert.doesNotThrow(() => twinfire({ pixelId: '123', accessToken: TOKEN, maxAttempts: Infinity, scriptPath: false }));
});

for (const [name, express] of [
  ['express5', express5],
  ['express4', express4],
] as const) {
  test(`app.use(twinfire) without the call fails on the first request with a clear error (${name})`, async () => {
    const app = (express as any)();
    const originalError = console.error;
    console.error = () => {};
    app.use(twinfire);
    let caught: any;
    app.use((error: any, _req: any, res: any, _next: any) => {
      caught = error;
      res.status(500).json({ code: error.code });
    });
    const site = await listen(app);
    try {
      const res = await rawRequest(`${site.url}/anything`);
      assert.equal(res.status, 500);
      assert.equal(res.json.code, 'ERR_TWINFIRE_NOT_CALLED');
      assert.ok(caught instanceof TwinfireError);
      assert.match(caught.message, /app\.use\(twinfire\(\{/);
    } finally {
      console.error = originalError;
      await site.close();
    }
  });
}
