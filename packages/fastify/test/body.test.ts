// Fastify never parses or buffers the body of twinfire's routes: twinfire reads it itself, only once the
// cheaper checks pass, and a body it refuses unread is never read at all.

import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { test } from 'node:test';
import { type RawResponse, rawRequest } from '@twinfire/testkit';
import { mirror, pluginOptions, type Site, startSite, twinfire, UA, useEmulator } from './harness.js';

const emulator = useEmulator();
const MB = 1024 * 1024;

/** A site with the plugin, recording how many bytes the server read from each connection it saw close. */
async function measuredSite(t: { after(fn: () => unknown): void }): Promise<Site & { bytesRead: Promise<number> }> {
  let read: (bytes: number) => void;
  const bytesRead = new Promise<number>((resolve) => (read = resolve));
  const site = await startSite(t, async (app) => {
    app.addHook('onRequest', async (request) => {
      const socket = request.raw.socket;
      socket.once('close', () => read(socket.bytesRead));
    });
    app.post('/echo', async (request) => request.body);
    await app.register(twinfire, pluginOptions(emulator()));
  });
  return Object.assign(site, { bytesRead });
}

function refused(res: RawResponse, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json?.error?.code, code, res.text);
}

test('a mirror refused early (403 forbidden origin) with a 1 MB body: the connection is closed and the body never read', async (t) => {
  const site = await measuredSite(t);
  const body = JSON.stringify(mirror({ custom_data: { content_name: 'x'.repeat(MB) } }));
  const res = await site.post('/twinfire', body, { origin: 'https://evil.example' });
  refused(res, 403, 'forbidden_origin');
  assert.equal(res.headers.connection, 'close');
  assert.equal(await res.socketClosed(), true, 'the server closed the connection');
  const bytes = await site.bytesRead;
  assert.ok(bytes < MB / 4, `the server read ${bytes} bytes of a ${body.length}-byte request`);
});

test("a 2 MB body gets twinfire's 413 payload_too_large, not Fastify's body limit", async (t) => {
  const site = await measuredSite(t);
  const body = JSON.stringify(mirror({ custom_data: { content_name: 'x'.repeat(2 * MB) } }));
  const res = await site.post('/twinfire', body, { 'content-type': 'application/json' });
  refused(res, 413, 'payload_too_large');
  assert.equal(await res.socketClosed(), true, 'the server closed the connection');
  assert.ok((await site.bytesRead) < MB / 4, 'refused by its Content-Length, unread');
});

test("a POST without Content-Type gets twinfire's 415, with or without a body", async (t) => {
  const site = await measuredSite(t);
  const headers = { origin: site.url, 'user-agent': UA };
  refused(await rawRequest(`${site.url}/twinfire`, { method: 'POST', headers, body: JSON.stringify(mirror()) }), 415, 'unsupported_media_type');
  refused(await rawRequest(`${site.url}/twinfire`, { method: 'POST', headers }), 415, 'unsupported_media_type');
});

test("the app's own routes keep Fastify's body parsers", async (t) => {
  const site = await measuredSite(t);
  const res = await rawRequest(`${site.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { a: 1 });
});

test('over HTTP/2 a body refused unread ends its own stream, not the connection', async (t) => {
  const site = await startSite(t, (app) => app.register(twinfire, pluginOptions(emulator())), { http2: true } as object);
  const session = connect(site.url);
  const post = (origin: string, body: string) =>
    new Promise<{ status: unknown; text: string }>((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/twinfire', 'content-type': 'text/plain', origin, 'user-agent': UA });
      let status: unknown;
      let text = '';
      stream.on('response', (headers) => (status = headers[':status']));
      stream.on('data', (chunk: Buffer) => (text += chunk));
      stream.on('close', () => resolve({ status, text }));
      stream.on('error', reject);
      stream.end(body);
    });
  try {
    const refusedEarly = await post('https://evil.example', 'x'.repeat(MB));
    assert.equal(refusedEarly.status, 403, refusedEarly.text);
    const accepted = await post(site.url, JSON.stringify(mirror()));
    assert.equal(accepted.status, 202, 'the same connection serves the next request');
  } finally {
    session.close();
  }
});
