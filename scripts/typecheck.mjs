#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// `tsc --noEmit` over the workspace: each package's own tsconfig (its sources, with its own lib: core has
// no DOM and no Node types), then tsconfig.tests.json for every test and example file.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = readdirSync('packages')
  .map((name) => path.join('packages', name, 'tsconfig.json'))
  .filter((file) => existsSync(file));
projects.push('tsconfig.tests.json');

let failed = false;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck failed: ${project}`);
    failed = true;
  }
}
if (!failed) console.log(`typecheck ok: ${projects.join(', ')}`);
process.exit(failed ? 1 : 0);
