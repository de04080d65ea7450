// One build for every package. Each package's package.json says what to emit:
//   exports["."].import / exports["./x"].import  -> ESM built from src/<same name>.ts, with .d.ts
//   bin                                          -> ESM executable built from src/<same name>.ts
//   twinfire.iife                                -> minified browser IIFE from src/standalone.ts,
//                                                   dependencies bundled in
// Packages build in dependency order (core first) so later ones type-check against its declarations.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const ORDER = ['core', 'emulator', 'server', 'express', 'fastify', 'browser', 'cli'];
const only = process.env.TWINFIRE_PACKAGES?.split(',');

const packageDirs = readdirSync('packages')
  .filter((name) => existsSync(path.join('packages', name, 'package.json')))
  .filter((name) => !only || only.includes(name))
  .sort((a, b) => rank(a) - rank(b));

function rank(name) {
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
}

/** `./dist/foo.js` -> `packages/x/src/foo.ts` */
function sourceFor(dir, distFile) {
  const rel = path.relative('dist', path.normalize(distFile)).replace(/\.(m?js)$/, '.ts');
  return path.join(dir, 'src', rel);
}

function nodeExternal(id) {
  return !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');
}

function configsFor(name) {
  const dir = path.join('packages', name);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const esmOutputs = new Set();
  for (const target of Object.values(pkg.exports ?? {})) {
    if (target && typeof target === 'object' && typeof target.import === 'string') esmOutputs.add(target.import);
  }
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  for (const bin of bins) esmOutputs.add(bin);

  const configs = [];
  if (esmOutputs.size > 0) {
    const input = Object.fromEntries([...esmOutputs].map((out) => [path.relative('dist', path.normalize(out)).replace(/\.m?js$/, ''), sourceFor(dir, out)]));
    configs.push({
      input,
      external: (id) => nodeExternal(id) || builtinModules.includes(id),
      output: { dir: path.resolve(dir, 'dist'), format: 'es', sourcemap: false, entryFileNames: '[name].js' },
      plugins: [
        typescript({
          tsconfig: path.join(dir, 'tsconfig.json'),
          include: [abs(dir, 'src/**/*.ts')],
          exclude: [abs(dir, 'src/**/*.test.ts'), abs(dir, 'src/**/*.test-helper.ts')],
          filterRoot: false,
          outDir: path.resolve(dir, 'dist'),
          declarationDir: path.resolve(dir, 'dist'),
          rootDir: path.resolve(dir, 'src'),
          noEmitOnError: true,
        }),
        keepShebang(),
      ],
    });
  }
  if (pkg.twinfire?.iife) {
    configs.push({
      input: path.join(dir, 'src', 'standalone.ts'),
      output: { file: path.join(dir, pkg.twinfire.iife), format: 'iife', sourcemap: false },
      // Size: core's module-level lookup tables (`new Set([...])`) are unused by the browser script; marking
      // `Set` pure lets Rollup drop them.
      treeshake: { manualPureFunctions: ['Set'] },
      plugins: [
        resolve({ browser: true }),
        typescript({
          tsconfig: path.join(dir, 'tsconfig.json'),
          include: [abs(dir, 'src/**/*.ts')],
          exclude: [abs(dir, 'src/**/*.test.ts')],
          filterRoot: false,
          declaration: false,
          declarationMap: false,
          outDir: undefined,
          noEmitOnError: true,
        }),
        // Size (budget 2560 B gzipped): ES2020 output; the `unsafe*` passes only assume that built-ins are
        // not monkey-patched and that no function of the bundle is called with `new`; hoist_funs lets gzip
        // find more repeats. Four passes came out 5 bytes smaller after gzip than two (December 2026).
        terser({
          ecma: 2020,
          compress: { passes: 4, pure_getters: true, unsafe: true, unsafe_arrows: true, unsafe_methods: true, hoist_funs: true },
          format: { comments: false },
        }),
      ],
    });
  }
  return configs;
}

/** Rollup drops a leading `#!` line of an entry; put it back on bin outputs. */
function keepShebang() {
  return {
    name: 'keep-shebang',
    renderChunk(code, chunk) {
      if (!chunk.isEntry || !chunk.facadeModuleId) return null;
      const first = readFileSync(chunk.facadeModuleId, 'utf8').split('\n', 1)[0];
      return first.startsWith('#!') && !code.startsWith('#!') ? `${first}\n${code}` : null;
    },
  };
}

export default packageDirs.flatMap(configsFor);

function abs(dir, pattern) {
  return path.resolve(dir, pattern).split(path.sep).join('/');
}
