// The CLI as a user runs it: the built dist/bin.js (run `TWINFIRE_PACKAGES=emulator npx rollup -c` first).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

test('twinfire-emulator --port 0 prints its URL, serves, and stops cleanly on SIGINT', async (t) => {
  const { child, output } = run(['--port', '0']);
  t.after(() => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${JSON.stringify(output())}`)), 10_000);
    child.stdout.on('data', () => {
      const match = /twinfire emulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output().stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /local Events Manager/);
  const script = await fetch(`${url}/fbevents.js`);
  assert.match(script.headers.get('content-type') ?? '', /javascript/);
  await script.arrayBuffer();
  child.kill('SIGINT');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, JSON.stringify(output()));
  assert.match(output().stdout, /stopping \(SIGINT\)/);
});

test('twinfire-emulator --help prints usage; an unknown flag exits 2 with the usage', async () => {
  const help = run(['--help']);
  assert.equal((await once(help.child, 'exit'))[0], 0);
  assert.match(help.output().stdout, /Usage: twinfire-emulator \[--port 4010\]/);
  const bad = run(['--prot', '1']);
  assert.equal((await once(bad.child, 'exit'))[0], 2);
  assert.match(bad.output().stderr, /unknown argument "--prot"/);
});

test('the built entry exports startEmulator and EmulatorError, with type declarations', async () => {
  const entry = new URL('../dist/index.js', import.meta.url).href;
  const built = (await import(entry)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(built).sort(), ['EmulatorError', 'startEmulator']);
  const { readFile } = await import('node:fs/promises');
  const types = await readFile(new URL('../dist/index.d.ts', import.meta.url), 'utf8');
  assert.match(types, /startEmulator/);
  assert.match(types, /EmulatorOptions/);
});
