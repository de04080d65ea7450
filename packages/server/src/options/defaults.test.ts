import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULTS, NUMERIC_OPTIONS, QUEUE_BYTES, RATE_LIMIT } from './defaults.js';
import { KNOWN_OPTIONS } from './known-options.js';
import { resolveOptions } from './resolve-options.js';

/** The rows of the README's Options table: option name -> default column. */
function readmeOptions(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Options'), readme.indexOf('\n## ', readme.indexOf('\n## Options') + 5));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (cells.length < 5 || !cells[1]!.startsWith('`')) continue;
    for (const name of cells[1]!.matchAll(/`(\w+)`/g)) rows.set(name[1]!, cells[3]!);
  }
  return rows;
}

test('the README lists every option, with the default of the defaults table', () => {
  const rows = readmeOptions();
  for (const name of KNOWN_OPTIONS) assert.ok(rows.has(name), `the README's Options table has a row for \`${name}\``);
  for (const [name, limit] of Object.entries(NUMERIC_OPTIONS)) {
    assert.ok(rows.get(name)!.includes(`\`${limit.default}\``), `the README says ${name} defaults to ${limit.default}: "${rows.get(name)}"`);
  }
  assert.ok(rows.get('maxQueueBytes')!.includes(`\`${QUEUE_BYTES.memory}\``) && rows.get('maxQueueBytes')!.includes(`\`${QUEUE_BYTES.sqlite}\``));
  for (const key of ['points', 'duration', 'maxClients'] as const)
    assert.ok(rows.get('rateLimit')!.includes(`${key}: ${RATE_LIMIT[key].default}`), `rateLimit.${key}`);
  for (const key of ['graphUrl', 'graphVersion', 'path', 'scriptPath', 'fbeventsUrl'] as const) assert.ok(rows.get(key)!.includes(`'${DEFAULTS[key]}'`), key);
});

test("the resolved options carry the table's defaults, and its limits are enforced", () => {
  const config = resolveOptions({ pixelId: '1', accessToken: 'EAAx' }) as unknown as Record<string, unknown>;
  for (const [name, limit] of Object.entries(NUMERIC_OPTIONS)) {
    if (name in config) assert.equal(config[name], limit.default, name);
  }
  for (const [name, limit] of Object.entries(NUMERIC_OPTIONS) as [string, { min: number; max?: number }][]) {
    assert.throws(
      () => resolveOptions({ pixelId: '1', accessToken: 'EAAx', [name]: limit.min - 1 }),
      { code: 'ERR_TWINFIRE_INVALID_OPTION' },
      `${name} below its minimum`,
    );
    if (limit.max !== undefined)
      assert.throws(
        () => resolveOptions({ pixelId: '1', accessToken: 'EAAx', [name]: limit.max! + 1 }),
        { code: 'ERR_TWINFIRE_INVALID_OPTION' },
        `${name} above its maximum`,
      );
  }
});
