import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The publishable packages, in dependency order. */
export const PUBLISHED = ['core', 'browser', 'server', 'express', 'fastify', 'emulator'] as const;

export const WORKSPACE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** What `npm pack --json` says of one tarball. */
export interface PackResult {
  name: string;
  filename: string;
  files: { path: string }[];
}

/** `npm pack` of `packages/<name>` into `dir` (its `prepack` builds it if needed and copies the LICENSE in). */
export function pack(name: string, dir: string): PackResult {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: path.join(WORKSPACE, 'packages', name),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Anything a lifecycle script prints comes before the JSON array.
  return JSON.parse(out.slice(out.indexOf('\n[') + 1 || out.indexOf('[')))[0];
}

/**
 * A new app in `dir/app` with the tarballs and `express` installed the way a user installs them: from the
 * tarballs, no workspace links, the npm cache first (after `npm ci` it has every dependency) and the registry
 * only for what it lacks.
 */
export function installApp(dir: string, tarballs: string[], extra: string[] = []): string {
  const app = path.join(dir, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
  const specs = tarballs.map((file) => path.join(dir, file));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs, 'express', ...extra], {
    cwd: app,
    stdio: 'pipe',
  });
  return app;
}

/** The fenced block that follows `<!-- use-it:<name> ... -->` in the root README, as written. */
export function readmeBlock(readme: string, name: string): string {
  const marker = `<!-- use-it:${name}`;
  const at = readme.indexOf(marker);
  const block = at === -1 ? null : /-->\s*```\w*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block) throw new Error(`README.md has no fenced block after ${marker} -->`);
  return `${block[1]!}\n`;
}
