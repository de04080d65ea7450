#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// `prepack` of each publishable package: npm runs it in the package's directory before `npm pack` and
// `npm publish`. It builds the package (with the workspace packages it depends on, in one `rollup -c` limited by
// TWINFIRE_PACKAGES) when a built file is missing or older than its sources, copies the root LICENSE in, and
// fails when a file package.json points at is still missing: a tarball never ships without its code.
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package.json of `packages/<name>` under `root`. */
function manifest(root, name) {
  return JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
}

/** `name` and the workspace packages it depends on, directly or not (`@twinfire/core` -> `core`). */
export function closure(root, name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of Object.keys(manifest(root, name).dependencies ?? {})) {
    const local = dep.startsWith('@twinfire/') ? dep.slice('@twinfire/'.length) : undefined;
    if (local && existsSync(path.join(root, 'packages', local, 'package.json'))) closure(root, local, seen);
  }
  return seen;
}

/** Files the package.json of `packages/<name>` points at: exports, types, bin, the browser IIFE. */
export function builtFiles(root, name) {
  const pkg = manifest(root, name);
  const files = [pkg.main, pkg.types, pkg.twinfire?.iife];
  for (const target of Object.values(pkg.exports ?? {})) {
    files.push(...(typeof target === 'string' ? [target] : Object.values(target ?? {})));
  }
  files.push(...(typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {})));
  const dist = files
    .filter((f) => typeof f === 'string')
    .map((f) => path.normalize(f))
    .filter((f) => f.startsWith(`dist${path.sep}`));
  return [...new Set(dist)].map((f) => path.join(root, 'packages', name, f));
}

/** Newest modification time of the source files under `dir`, tests aside (0 when none). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
    .reduce((max, entry) => Math.max(max, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs), 0);
}

/** True when a built file of `packages/<name>` is missing or older than its sources or the build's configuration. */
export function isStale(root, name) {
  const dir = path.join(root, 'packages', name);
  const outputs = builtFiles(root, name);
  if (outputs.some((file) => !existsSync(file))) return true;
  const inputs = [path.join(dir, 'package.json'), path.join(dir, 'tsconfig.json'), path.join(root, 'rollup.config.mjs'), path.join(root, 'tsconfig.base.json')]
    .filter((file) => existsSync(file))
    .map((file) => statSync(file).mtimeMs);
  const sources = Math.max(newest(path.join(dir, 'src')), ...inputs);
  return Math.min(...outputs.map((file) => statSync(file).mtimeMs)) < sources;
}

function main() {
  const name = path.basename(process.cwd());
  const packages = [...closure(ROOT, name)];
  if (packages.some((p) => isStale(ROOT, p))) {
    const rollup = createRequire(path.join(ROOT, 'package.json')).resolve('rollup/dist/bin/rollup');
    const env = { ...process.env, TWINFIRE_PACKAGES: packages.join(',') };
    const result = spawnSync(process.execPath, [rollup, '-c', '--silent'], { cwd: ROOT, env, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  const missing = builtFiles(ROOT, name).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(`prepack: ${name} is not built, missing ${missing.map((f) => path.relative(ROOT, f)).join(', ')}`);
    process.exit(1);
  }
  copyFileSync(path.join(ROOT, 'LICENSE'), path.join(ROOT, 'packages', name, 'LICENSE'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
