// A site or a --graph-url answering without end: the checks read at most 8 MB of it, then say so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listen } from '@twinfire/testkit';
import { MAX_RESPONSE_BYTES } from '../src/site/http.js';
import { runCli } from './run-cli.js';

test('a page and a Graph answer over 8 MB are refused after 8 MB, not held: exit 2 with the reason', async (t) => {
  let sent = 0;
  const server = await listen((req, res) => {
    res.writeHead(200, { 'content-type': req.url?.startsWith('/v') ? 'application/json' : 'text/html' });
    const chunk = Buffer.alloc(1024 * 1024, 32);
    let n = 0;
    const pump = () => {
      while (n < 64) {
        n++;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  t.after(() => server.close());
  const run = await runCli(['verify', '--pixel', '1', '--token', 't', '--graph-url', server.url, '--site', `${server.url}/`, '--no-browser']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /answered with more than 8 MB: is --graph-url a Graph API\?/);
  assert.match(run.stdout, /FAIL {2}page\.fetch: .*over 8 MB/);
  assert.ok(sent < 64 * 1024 * 1024, `the rest was not read (${sent} bytes sent)`);
  assert.equal(MAX_RESPONSE_BYTES, 8 * 1024 * 1024);
});
