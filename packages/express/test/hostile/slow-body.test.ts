import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { harnessFor, mirror } from '../harness.js';

// Attack 4 of issue 11: bodies trickled a byte every few seconds, each holding a socket for Node's 300 s.

describe('hostile: slow bodies', () => {
  test('a body not complete within bodyTimeoutMs gets 408 body_timeout and its socket is closed', async (t) => {
    const h = await harnessFor(t, { options: { bodyTimeoutMs: 300 } });
    const { hostname, port } = new URL(h.site.url);
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    const started = Date.now();
    socket.write(
      `POST /twinfire HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${h.site.url}\r\nUser-Agent: slowloris\r\nContent-Type: text/plain\r\nContent-Length: 2000\r\n\r\n{`,
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 50);
    const closedAt = await closed;
    clearInterval(trickle);
    assert.match(received, /^HTTP\/1\.1 408 /);
    assert.match(received, /"code":"body_timeout"/);
    assert.ok(closedAt - started < 3000, `the server closed the socket after ${closedAt - started} ms`);
    assert.equal((await h.tf.stats()).rejected.body_timeout, 1);
    assert.equal((await h.post(mirror())).status, 202, 'a normal mirror is still served');
  });
});
