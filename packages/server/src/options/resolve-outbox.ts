import { TwinfireError } from '../errors.js';
import { initOutbox } from '../outbox/init-outbox.js';
import { MemoryOutbox } from '../outbox/memory-outbox.js';
import type { Outbox, OutboxSizing } from '../outbox/outbox.js';
import { PostgresOutbox, SCHEMA_NAME } from '../outbox/pg-outbox.js';
import type { PgPool } from '../outbox/pg-types.js';
import { SqliteOutbox } from '../outbox/sqlite-outbox.js';
import { invalid, wholeNumber } from './checks.js';
import { DEFAULTS } from './defaults.js';
import { closestName } from './did-you-mean.js';
import type { OutboxOption } from './types.js';

const SQLITE_KEYS = ['sqlite', 'leaseMs', 'keepDead'] as const;
const POSTGRES_KEYS = ['postgres', 'schema', 'leaseMs', 'keepDead'] as const;
const METHODS = ['enqueue', 'lease', 'ack', 'retry', 'dead', 'nextDueAt', 'pixelIds', 'purge', 'retryDead', 'stats', 'deadLetters', 'close'];

interface Sizing {
  maxQueue: number;
  /** `undefined`: the outbox's own default (128 MiB memory, 512 MiB SQLite). */
  maxQueueBytes: number | undefined;
  maxDeadLetters: number;
  maxDeadBytes: number;
  dedupSize: number;
  dedupWindowMs: number;
  timeoutMs: number;
}

/**
 * `outbox`: absent (memory), `{ sqlite: path, leaseMs?, keepDead? }` (opens the file now, so a bad path or a
 * missing better-sqlite3 fails at startup), `{ postgres: pool | url, schema?, leaseMs?, keepDead? }` (checked
 * now; connects and migrates in the background, every outbox call waiting for it), or an object implementing
 * {@link Outbox}, whose `init()` (if any) is called now with the resolved limits (see {@link initOutbox}).
 */
export function resolveOutbox(value: OutboxOption | undefined, sizing: Sizing, warn: (message: string, error: unknown) => void): Outbox {
  const common: OutboxSizing = {
    capacity: sizing.maxQueue,
    ...(sizing.maxQueueBytes !== undefined ? { capacityBytes: sizing.maxQueueBytes } : {}),
    keepDead: sizing.maxDeadLetters,
    keepDeadBytes: sizing.maxDeadBytes,
    dedupSize: sizing.dedupSize,
    dedupWindowMs: sizing.dedupWindowMs,
    leaseMs: DEFAULTS.leaseMs(sizing.timeoutMs),
  };
  if (value === undefined) return new MemoryOutbox(common);
  if (typeof value !== 'object' || value === null) invalid('outbox', '`outbox` must be { sqlite: "./twinfire.db" }, { postgres: pool } or an Outbox instance.');
  if ('postgres' in value) return resolvePostgres(value as PostgresOption, common, warn);
  if (!('sqlite' in value)) {
    const missing = METHODS.filter((m) => typeof (value as unknown as Record<string, unknown>)[m] !== 'function');
    if (missing.length > 0)
      invalid('outbox', `\`outbox\` must be { sqlite: "./twinfire.db" } or implement the Outbox interface; missing: ${missing.join(', ')}.`);
    const init = (value as { init?: unknown }).init;
    if (init !== undefined && typeof init !== 'function') invalid('outbox', '`outbox.init`, when present, must be a method: init(sizing).');
    return initOutbox(value as Outbox, common);
  }
  knownKeys(value, SQLITE_KEYS);
  if (typeof value.sqlite !== 'string' || value.sqlite === '')
    invalid('outbox.sqlite', '`outbox.sqlite` must be the path of the database file, such as "./twinfire.db".');
  const leaseMs = wholeNumber('outbox.leaseMs', value.leaseMs, common.leaseMs, 100);
  const keepDead = wholeNumber('outbox.keepDead', value.keepDead, sizing.maxDeadLetters, 0);
  try {
    return new SqliteOutbox({ ...common, path: value.sqlite, leaseMs, keepDead });
  } catch (error) {
    if (error instanceof TwinfireError) throw error;
    invalid(
      'outbox.sqlite',
      `cannot open the SQLite outbox at the \`outbox.sqlite\` path: ${(error as Error)?.message}. Check that the directory exists and is writable.`,
    );
  }
}

type PostgresOption = { postgres: unknown; schema?: unknown; leaseMs?: unknown; keepDead?: unknown };

/** `{ postgres }`: a pool (anything with query, connect and end) or a connection string; the schema name. */
function resolvePostgres(value: PostgresOption, common: OutboxSizing, warn: (message: string, error: unknown) => void): Outbox {
  knownKeys(value, POSTGRES_KEYS);
  const { postgres, schema = 'twinfire' } = value;
  const isPool =
    typeof postgres === 'object' &&
    postgres !== null &&
    ['query', 'connect', 'end', 'on'].every((m) => typeof (postgres as Record<string, unknown>)[m] === 'function');
  if (!isPool && (typeof postgres !== 'string' || !/^postgres(ql)?:\/\//.test(postgres)))
    invalid('outbox.postgres', '`outbox.postgres` must be a pg.Pool or a connection string such as "postgres://user@host:5432/db".');
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema))
    invalid('outbox.schema', '`outbox.schema` must be a PostgreSQL schema name: lower-case letters, digits and _, such as "twinfire".');
  const leaseMs = wholeNumber('outbox.leaseMs', value.leaseMs, common.leaseMs, 100);
  const keepDead = wholeNumber('outbox.keepDead', value.keepDead, common.keepDead, 0);
  const outbox = new PostgresOutbox({ postgres: postgres as PgPool | string, schema, warn, leaseMs, keepDead });
  return initOutbox(outbox, common);
}

function knownKeys(value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const guess = closestName(key, known);
    throw new TwinfireError(
      'ERR_TWINFIRE_UNKNOWN_OPTION',
      `outbox.${key}`,
      `unknown option \`outbox.${key}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}. Known: ${known.join(', ')}.`,
    );
  }
}
