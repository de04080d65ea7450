import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
}

test('@twinfire/server imports no web framework', () => {
  const files = sources(root);
  assert.ok(files.length > 50, 'the sources were found');
  for (const file of files) {
    for (const spec of importsOf(file)) {
      assert.ok(!/^(express|express4|fastify|fastify-plugin|hono|@hono\/|koa|next)(\/|$)/.test(spec), `${relative(root, file)} imports ${spec}`);
    }
  }
});

test('the delivery engine and the outboxes import nothing of the endpoint or request enrichment', () => {
  for (const dir of ['delivery', 'outbox']) {
    for (const file of sources(join(root, dir))) {
      for (const spec of importsOf(file)) assert.ok(!/endpoint|enrich|node:http/.test(spec), `${relative(root, file)} imports ${spec}`);
    }
  }
});
