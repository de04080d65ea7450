// startEmulator's contract: options checked up front, URL and port, close() idempotent.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs } from './cli/parse-args.js';
import { EmulatorError } from './errors.js';
import { startEmulator } from './start-emulator.js';

test('unknown or invalid options throw EmulatorError naming the field', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ prot: 1 }, 'prot'],
    [{ port: -1 }, 'port'],
    [{ maxEvents: 0 }, 'maxEvents'],
    [{ acceptedTokens: [''] }, 'acceptedTokens'],
    [{ now: 5 }, 'now'],
  ];
  for (const [options, field] of cases) {
    await assert.rejects(startEmulator(options as never), (error: unknown) => {
      assert.ok(error instanceof EmulatorError);
      assert.equal(error.code, 'ERR_TWINFIRE_EMULATOR_OPTION');
      assert.equal(error.field, field);
      return true;
    });
  }
});

test('port 0 picks a free port; url has no trailing slash; close() can be called twice', async () => {
  const emulator = await startEmulator({ port: 0 });
  assert.ok(emulator.port > 0);
  assert.equal(emulator.url, `http://127.0.0.1:${emulator.port}`);
  assert.equal((await fetch(`${emulator.url}/_emulator/events`)).status, 200);
  await Promise.all([emulator.close(), emulator.close()]);
  await assert.rejects(fetch(`${emulator.url}/`));
});

test('a busy port is reported, not swallowed', async (t) => {
  const first = await startEmulator({ port: 0 });
  t.after(() => first.close());
  await assert.rejects(startEmulator({ port: first.port }), /EADDRINUSE/);
});

test('parseArgs reads --port, --host, --max-events, repeated --token and --flag=value', () => {
  assert.deepEqual(parseArgs(['--port', '0', '--host=0.0.0.0', '--max-events', '50', '--token', 'a', '--token=b']), {
    port: 0,
    host: '0.0.0.0',
    maxEvents: 50,
    acceptedTokens: ['a', 'b'],
  });
  assert.equal(parseArgs(['--help']), undefined);
  assert.throws(() => parseArgs(['--port', 'x']), /--port needs a whole number/);
  assert.throws(() => parseArgs(['--port']), /--port needs a value/);
});
