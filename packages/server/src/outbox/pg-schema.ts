import { TwinfireError } from '../errors.js';
import { ENQUEUE_GROUP_FUNCTIONS } from './pg-enqueue-group.js';
import type { PgClient, PgPool } from './pg-types.js';

/**
 * The PostgreSQL outbox's schema, as numbered migrations. Each instance runs the missing ones at start, in
 * one transaction under a transaction-level advisory lock, so instances starting together apply each step
 * once and an instance never sees half a schema. A database migrated by a newer twinfire is refused.
 *
 * One table holds undelivered and dead events (`dead_reason IS NULL` means undelivered); `due_at` is when a
 * row may be leased, and leasing sets it to the lease's expiry, so a dead instance's rows come back by
 * themselves. `seen` remembers accepted keys for the duplicate check, after delivery too. `visitor` holds
 * the exact keys of `visitorKeysOf` (GIN-indexed: a purge is an index lookup). `enqueue()` stores a group
 * of events in one round trip and one statement, all or nothing; `enqueue_group()` (migration 2) stores
 * the groups of many callers at once, each still all or nothing (see pg-enqueue-group.ts).
 */
const MIGRATIONS: readonly ((s: string) => string)[] = [
  (s) => `
CREATE TABLE ${s}.outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  pixel_id text NOT NULL,
  event_name text NOT NULL,
  event_id text NOT NULL,
  event_time bigint NOT NULL,
  event text NOT NULL,
  size integer NOT NULL,
  fbp text,
  visitor text[] NOT NULL DEFAULT '{}',
  enqueued_at bigint NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  due_at bigint NOT NULL,
  lease_token text,
  dead_reason text,
  dead_at bigint,
  dead_error text,
  UNIQUE (pixel_id, event_name, event_id)
);
CREATE INDEX outbox_due ON ${s}.outbox (pixel_id, due_at, id) WHERE dead_reason IS NULL;
CREATE INDEX outbox_dead ON ${s}.outbox (dead_at, id) WHERE dead_reason IS NOT NULL;
CREATE INDEX outbox_fbp ON ${s}.outbox (fbp) WHERE fbp IS NOT NULL;
CREATE INDEX outbox_visitor ON ${s}.outbox USING gin (visitor);
CREATE TABLE ${s}.seen (key text PRIMARY KEY, expires_at bigint NOT NULL);
CREATE INDEX seen_expiry ON ${s}.seen (expires_at);
${ENQUEUE_FUNCTION(s)}`,
  // 2: group commit (pg-group-commit.ts): many callers' enqueues in one statement and one transaction.
  ENQUEUE_GROUP_FUNCTIONS,
];

/** The schema version this twinfire writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings `schema` to {@link SCHEMA_VERSION}; safe when several instances start at once. */
export async function migrate(pool: PgPool, schema: string): Promise<void> {
  const s = quoteIdent(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`twinfire.migrate.${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = Number((await client.query(`SELECT coalesce(max(version), 0) AS v FROM ${s}.schema_version`)).rows[0].v);
    if (current > SCHEMA_VERSION) {
      throw new TwinfireError(
        'ERR_TWINFIRE_OUTBOX_SCHEMA',
        'outbox.postgres',
        `the PostgreSQL schema "${schema}" is at version ${current}, newer than this twinfire's ${SCHEMA_VERSION}: upgrade twinfire on every instance.`,
      );
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!(s));
      await client.query(`INSERT INTO ${s}.schema_version (version) VALUES ($1)`, [version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Reads the schema version (0 when absent): for tests and diagnostics. */
export async function schemaVersion(client: PgClient, schema: string): Promise<number> {
  const { rows } = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`${quoteIdent(schema)}.schema_version`]);
  if (!rows[0].ok) return 0;
  return Number((await client.query(`SELECT coalesce(max(version), 0) AS v FROM ${quoteIdent(schema)}.schema_version`)).rows[0].v);
}

/** A schema name as an identifier: checked by the option (lower case, digits, `_`), quoted all the same. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Migration 1's text, kept as applied: since migration 2 nothing calls `enqueue` (a caller's transaction runs
 * `enqueue_group` with one caller), so its per-entry loop lives on only in `enqueue_entries`.
 *
 * `enqueue(...)`: per entry, the duplicate check (`seen`), the replacement of a browser copy by the server's
 * event, the insert; then, if what was added passes the room left (`room_count`, `room_bytes`), everything is
 * rolled back (a sub-transaction) and `is_full` is set, the outcomes still reported. When `channel` is given,
 * one NOTIFY per pixel (`origin pixel count`) tells the other instances, at commit.
 */
function ENQUEUE_FUNCTION(s: string): string {
  return `
CREATE FUNCTION ${s}.enqueue(
  keys text[], twins text[], servers boolean[], pixels text[], names text[], ids text[], times bigint[],
  events text[], sizes integer[], fbps text[], visitors text[], now_ms bigint, window_ms bigint,
  room_count bigint, room_bytes bigint, channel text, origin text,
  OUT outcomes boolean[], OUT is_full boolean, OUT added integer, OUT added_bytes bigint,
  OUT replaced_queued integer, OUT replaced_queued_bytes bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  i integer;
  got integer;
  r record;
  per_pixel jsonb := '{}';
BEGIN
  outcomes := '{}'; is_full := false; added := 0; added_bytes := 0; replaced_queued := 0; replaced_queued_bytes := 0;
  BEGIN
    FOR i IN 1 .. coalesce(array_length(keys, 1), 0) LOOP
      IF NOT servers[i] AND EXISTS (SELECT 1 FROM ${s}.seen WHERE key = twins[i] AND expires_at > now_ms) THEN
        outcomes := outcomes || false;
        CONTINUE;
      END IF;
      INSERT INTO ${s}.seen AS seen (key, expires_at) VALUES (keys[i], now_ms + window_ms)
        ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= now_ms;
      GET DIAGNOSTICS got = ROW_COUNT;
      IF got = 0 THEN
        outcomes := outcomes || false;
        CONTINUE;
      END IF;
      IF servers[i] THEN
        FOR r IN DELETE FROM ${s}.outbox WHERE key = twins[i] RETURNING dead_reason, size LOOP
          IF r.dead_reason IS NULL THEN
            replaced_queued := replaced_queued + 1;
            replaced_queued_bytes := replaced_queued_bytes + r.size;
          END IF;
        END LOOP;
      END IF;
      INSERT INTO ${s}.outbox (key, pixel_id, event_name, event_id, event_time, event, size, fbp, visitor, enqueued_at, due_at)
        VALUES (keys[i], pixels[i], names[i], ids[i], times[i], events[i], sizes[i], fbps[i],
          ARRAY(SELECT jsonb_array_elements_text(visitors[i]::jsonb)), now_ms, 0)
        ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS got = ROW_COUNT;
      IF got = 0 THEN
        outcomes := outcomes || false;
        CONTINUE;
      END IF;
      outcomes := outcomes || true;
      added := added + 1;
      added_bytes := added_bytes + sizes[i];
      per_pixel := jsonb_set(per_pixel, ARRAY[pixels[i]], to_jsonb(coalesce((per_pixel ->> pixels[i])::integer, 0) + 1));
    END LOOP;
    IF added > 0 AND (added - replaced_queued > room_count OR added_bytes - replaced_queued_bytes > room_bytes) THEN
      RAISE EXCEPTION 'full' USING ERRCODE = 'TWFUL';
    END IF;
    IF channel IS NOT NULL THEN
      FOR r IN SELECT key AS pixel, value AS n FROM jsonb_each_text(per_pixel) LOOP
        PERFORM pg_notify(channel, origin || ' ' || r.pixel || ' ' || r.n);
      END LOOP;
    END IF;
  EXCEPTION WHEN SQLSTATE 'TWFUL' THEN
    is_full := true; added := 0; added_bytes := 0; replaced_queued := 0; replaced_queued_bytes := 0;
  END;
END
$fn$;`;
}
