#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// Runs every *.test.ts under packages/ and examples/ with node's built-in test runner, through tsx.
// Usage: node scripts/run-tests.mjs [path-prefix ...]   e.g. `node scripts/run-tests.mjs packages/core`
// (Node 20's --test has no glob support, hence this small finder.)
import { readdirSync } from 'node:fs';
import path from 'node:path';

const roots = ['packages', 'examples'];
const filters = process.argv.slice(2).map((p) => path.normalize(p));

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const files = roots
  .flatMap((root) => walk(root, []))
  .filter((file) => filters.length === 0 || filters.some((f) => file.startsWith(f)))
  .sort();

if (files.length === 0) {
  console.error(`No test files found${filters.length ? ` under ${filters.join(', ')}` : ''}`);
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
