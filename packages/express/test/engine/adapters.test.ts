import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { startEmulator } from '@twinfire/emulator';
import { twinfire } from '@twinfire/express';
import { listen } from '@twinfire/testkit';
import express from 'express';
import express4 from 'express4';
import { mirror, UA } from '../harness.js';
import { rawRequest } from '../http-client.js';

test('types: the instance mounts in Express 5 and 4, under a path, and in node:http', () => {
  const tf = twinfire({ pixelId: '1', accessToken: 'EAAx', userData: (req) => ({ em: String(req.headers['x-email']) }) });
  express().use(tf);
  express4().use(tf);
  express().use('/t', tf);
  createServer(tf);
  return tf.close();
});

test('as a bare node:http handler: mirrors are accepted, the IP is the socket address, other paths 404', async () => {
  const emulator = await startEmulator({ port: 0 });
  const tf = twinfire({ pixelId: '123', accessToken: 'EAAx', graphUrl: emulator.url, logger: { info() {}, warn() {}, error() {} } });
  const site = await listen(createServer(tf));
  try {
    const payload = mirror();
    const res = await rawRequest(`${site.url}/twinfire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: site.url, 'user-agent': UA },
      body: JSON.stringify(payload),
    });
    assert.equal(res.status, 202);
    assert.equal((await rawRequest(`${site.url}/other`)).status, 404);
    await tf.flush();
    const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as any;
    assert.equal(events[0].event_id, payload.event_id);
    assert.equal(events[0].user_data.client_ip_address, '127.0.0.1');
  } finally {
    await tf.close();
    await site.close();
    await emulator.close();
  }
});
