// Installs the packed @twinfire/core into a fresh project, the way a user gets it, and checks that a
// TypeScript consumer type-checks against its declarations and runs as plain ESM.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

test('the packed package installs, type-checks in a consumer and runs as ESM', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinfire-core-consumer-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: packageDir, encoding: 'utf8' }).trim();
    const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    assert.equal(manifest.dependencies, undefined, '@twinfire/core has no runtime dependencies');
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: dir, stdio: 'pipe' });
    writeFileSync(
      path.join(dir, 'consumer.ts'),
      [
        "import { parseMirrorPayload, isValidFbc, type MirrorPayload } from '@twinfire/core';",
        "const result = parseMirrorPayload('{}');",
        'if (result.ok) { const p: MirrorPayload = result.payload; console.log(p.event_id); }',
        "else { const codes: string[] = result.errors.map((e) => e.code); console.log(JSON.stringify({ codes, fbc: isValidFbc('x') })); }",
        '// @ts-expect-error a number is not a MirrorPayload field type',
        'const wrong: MirrorPayload["event_id"] = 5; void wrong;',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2020', strict: true, outDir: 'out', skipLibCheck: false },
      }),
    );
    execFileSync(process.execPath, [tsc, '-p', dir], { cwd: dir, stdio: 'pipe' });
    const output = execFileSync(process.execPath, [path.join(dir, 'out', 'consumer.js')], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), { codes: ['unsupported_version'], fbc: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
