// scripts/prepack.mjs decides what to build before `npm pack`: a package and the workspace packages it depends
// on, whenever a built file is missing (a fresh clone) or older than a source.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { builtFiles, closure, isStale } from '../../../../scripts/prepack.mjs';

function fakeWorkspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'twinfire-prepack-'));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const exports = { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' };
  write('packages/core/package.json', JSON.stringify({ name: '@twinfire/core', exports }));
  write('packages/express/package.json', JSON.stringify({ name: '@twinfire/express', exports, dependencies: { '@twinfire/core': '0.1.0', isbot: '5' } }));
  for (const name of ['core', 'express']) write(`packages/${name}/src/index.ts`, 'export {};');
  return root;
}

function build(root: string, name: string, secondsAgo = 0): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  for (const file of builtFiles(root, name) as string[]) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, when, when);
  }
}

test('prepack builds a package with its workspace dependencies when a built file is missing or stale', (t) => {
  const root = fakeWorkspace();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.deepEqual([...closure(root, 'express')].sort(), ['core', 'express'], 'workspace dependencies only');
  assert.deepEqual((builtFiles(root, 'core') as string[]).map((f) => path.relative(root, f)).sort(), [
    path.join('packages/core/dist/index.d.ts'),
    path.join('packages/core/dist/index.js'),
  ]);
  assert.equal(isStale(root, 'core'), true, 'a fresh clone has no dist');
  build(root, 'core', -5);
  assert.equal(isStale(root, 'core'), false, 'built after its sources');
  build(root, 'core', 3600);
  assert.equal(isStale(root, 'core'), true, 'built before its last source change');
});
