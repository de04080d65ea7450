// Figure 1: min+gzip bytes (zlib level 9) of the twinfire IIFE, of its dependencies alone bundled the same
// way (the floor), and of Meta's browser Parameter Builder bundle as published.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

const root = new URL('..', import.meta.url).pathname;
const gzip = (code) => gzipSync(code, { level: 9 }).length;

/** js-cookie + uuid through the same plugins and terser options as rollup.config.mjs's IIFE build. */
async function floorBundle() {
  const bundle = await rollup({
    input: path.join(root, 'bench/fixtures/floor-entry.js'),
    treeshake: { manualPureFunctions: ['Set'] },
    plugins: [
      resolve({ browser: true }),
      terser({
        ecma: 2020,
        compress: { passes: 2, pure_getters: true, unsafe: true, unsafe_arrows: true, unsafe_methods: true, hoist_funs: true },
        format: { comments: false },
      }),
    ],
  });
  const { output } = await bundle.generate({ format: 'iife' });
  await bundle.close();
  return output[0].code;
}

function metaParamBuilder() {
  const require = createRequire(path.join(root, 'package.json'));
  const pkgFile = require.resolve('meta-capi-param-builder-clientjs/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const file = path.join(path.dirname(pkgFile), pkg.main);
  return { code: readFileSync(file), file: path.relative(root, file), version: pkg.version };
}

export async function benchScriptWeight() {
  const iife = readFileSync(path.join(root, 'packages/browser/dist/twinfire.min.js'));
  const floor = await floorBundle();
  const meta = metaParamBuilder();
  return {
    twinfire: { minBytes: iife.length, gzipBytes: gzip(iife) },
    floor: { minBytes: Buffer.byteLength(floor), gzipBytes: gzip(floor) },
    metaParamBuilder: { minBytes: meta.code.length, gzipBytes: gzip(meta.code), file: meta.file, version: meta.version },
  };
}
