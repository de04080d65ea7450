// The served script stays ES2017 (it runs in any visitor's browser) and is complete.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import ts from 'typescript';
import { emulatorFor } from '../../test/helpers.js';
import { FBEVENTS_SOURCE } from './fbevents-source.js';

const compile = (target: ts.ScriptTarget) =>
  ts.transpileModule(FBEVENTS_SOURCE, { compilerOptions: { target, module: ts.ModuleKind.None, removeComments: true } }).outputText;

test('fbevents.js uses no syntax newer than ES2017 (down-levelling to ES2017 changes nothing)', () => {
  assert.equal(compile(ts.ScriptTarget.ES2017), compile(ts.ScriptTarget.ESNext));
  assert.doesNotThrow(() => new Function(FBEVENTS_SOURCE));
  assert.ok(!FBEVENTS_SOURCE.includes('${'), 'every fragment was spliced in');
});

test('GET /fbevents.js serves it as JavaScript, uncached, to any origin', async (t) => {
  const emulator = await emulatorFor(t);
  const response = await fetch(`${emulator.url}/fbevents.js`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/javascript/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(await response.text(), FBEVENTS_SOURCE);
});

test('GET /tr without a pixel id or event name records nothing', async (t) => {
  const emulator = await emulatorFor(t);
  const response = await fetch(`${emulator.url}/tr/?ev=PageView`);
  await response.arrayBuffer();
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('content-type'), 'image/gif');
  const { events } = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { events: unknown[] };
  assert.equal(events.length, 0);
});
