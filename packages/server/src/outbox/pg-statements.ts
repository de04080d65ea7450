// The PostgreSQL outbox's statements, for a schema name already quoted (see quoteIdent).
import { EVENT_OVERHEAD_BYTES } from './outbox.js';

const DEAD_WHERE = `dead_reason IS NOT NULL AND ($1::text IS NULL OR pixel_id = $1) AND ($2::text IS NULL OR dead_reason = $2)
  AND ($3::text IS NULL OR event_name = $3) AND ($4::text IS NULL OR event_id = $4)`;

export function pgStatements(s: string) {
  return {
    // Group commit (pg-group-commit.ts): per caller, its entry count, whether to NOTIFY, its clock; then the per-entry arrays.
    enqueueGroup: `SELECT * FROM ${s}.enqueue_group($1::integer[], $2::boolean[], $3::bigint[], $4::text[], $5::text[], $6::boolean[],
      $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::integer[], $13::text[], $14::text[], $15::bigint,
      $16::bigint, $17::bigint, $18::text, $19::text)`,
    // Locks up to $3 due rows (skipping rows another instance is leasing right now), keeps the prefix whose
    // JSON fits in $6 characters (the first row always), and leases it: token $4, back at $5 unless acked.
    // The cut reads each row's stored size (the JSON's length, doubled beyond Latin-1, plus the overhead), not
    // its text: length(event) would detoast every locked row's JSON (31 MB for 1 000 events of 31 KB) to send a few.
    lease: `WITH locked AS (
        SELECT id, due_at, greatest(size - ${EVENT_OVERHEAD_BYTES}, 0) AS bytes FROM ${s}.outbox
        WHERE pixel_id = $1 AND dead_reason IS NULL AND due_at <= $2
        ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
      ), cut AS (
        SELECT id, bytes, row_number() OVER w AS n, sum(bytes) OVER w AS run FROM locked WINDOW w AS (ORDER BY due_at, id)
      )
      UPDATE ${s}.outbox o SET lease_token = $4, due_at = $5 FROM cut
      WHERE o.id = cut.id AND (cut.n = 1 OR $6::bigint IS NULL OR cut.run <= $6)
      RETURNING cut.n, o.key, o.pixel_id, o.event, o.event_time, cut.bytes, o.attempts, o.enqueued_at`,
    ack: `DELETE FROM ${s}.outbox o USING unnest($1::text[], $2::text[]) AS r(key, lease)
      WHERE o.key = r.key AND o.lease_token = r.lease AND o.dead_reason IS NULL RETURNING o.size`,
    retry: `UPDATE ${s}.outbox o SET lease_token = NULL, due_at = $3, attempts = o.attempts + $4
      FROM unnest($1::text[], $2::text[]) AS r(key, lease)
      WHERE o.key = r.key AND o.lease_token = r.lease AND o.dead_reason IS NULL`,
    dead: `UPDATE ${s}.outbox o SET lease_token = NULL, dead_reason = r.reason, dead_at = r.at, dead_error = r.error
      FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[]) AS r(key, lease, reason, at, error)
      WHERE o.key = r.key AND o.lease_token = r.lease AND o.dead_reason IS NULL RETURNING o.size`,
    // Keeps the newest dead letters within $1 rows and $2 counted bytes; deletes the rest.
    trimDead: `WITH ranked AS (
        SELECT id, row_number() OVER w AS n, sum(size) OVER w AS run FROM ${s}.outbox
        WHERE dead_reason IS NOT NULL WINDOW w AS (ORDER BY dead_at DESC, id DESC)
      )
      DELETE FROM ${s}.outbox o USING ranked WHERE o.id = ranked.id AND (ranked.n > $1 OR ranked.run > $2)`,
    nextDue: `SELECT min(due_at) AS at FROM ${s}.outbox WHERE pixel_id = $1 AND dead_reason IS NULL`,
    // A loose index scan: one index probe per pixel, not a scan of the queue.
    pixels: `WITH RECURSIVE p AS (
        (SELECT pixel_id FROM ${s}.outbox WHERE dead_reason IS NULL ORDER BY pixel_id LIMIT 1)
        UNION ALL
        SELECT (SELECT pixel_id FROM ${s}.outbox WHERE dead_reason IS NULL AND pixel_id > p.pixel_id ORDER BY pixel_id LIMIT 1)
        FROM p WHERE p.pixel_id IS NOT NULL
      ) SELECT pixel_id FROM p WHERE pixel_id IS NOT NULL`,
    purge: `DELETE FROM ${s}.outbox WHERE fbp = $1 OR visitor && $2::text[] RETURNING dead_reason, size`,
    retryDead: `UPDATE ${s}.outbox SET dead_reason = NULL, dead_at = NULL, dead_error = NULL, lease_token = NULL, attempts = 0, due_at = $5, enqueued_at = $5
      WHERE ${DEAD_WHERE} RETURNING size`,
    listDead: `SELECT key, pixel_id, event_name, event_id, event_time, dead_reason, dead_error, attempts, dead_at FROM ${s}.outbox
      WHERE ${DEAD_WHERE} ORDER BY dead_at DESC, id DESC LIMIT $5`,
    totals: `SELECT count(*) FILTER (WHERE dead_reason IS NULL) AS queued, coalesce(sum(size) FILTER (WHERE dead_reason IS NULL), 0) AS bytes,
      coalesce(sum(size) FILTER (WHERE dead_reason IS NOT NULL), 0) AS dead_bytes FROM ${s}.outbox`,
    perPixel: `SELECT pixel_id, count(*) AS queued, count(*) FILTER (WHERE lease_token IS NOT NULL AND due_at > $1) AS in_flight,
      min(enqueued_at) AS oldest FROM ${s}.outbox WHERE dead_reason IS NULL GROUP BY pixel_id`,
    deadByReason: `SELECT dead_reason, count(*) AS n FROM ${s}.outbox WHERE dead_reason IS NOT NULL GROUP BY dead_reason`,
    pruneSeen: `DELETE FROM ${s}.seen WHERE expires_at <= $1`,
    // Past `dedupSize`, the keys closest to expiry go first.
    trimSeen: `DELETE FROM ${s}.seen WHERE key IN (SELECT key FROM ${s}.seen ORDER BY expires_at LIMIT greatest((SELECT count(*) FROM ${s}.seen) - $1, 0))`,
  };
}

export type PgStatements = ReturnType<typeof pgStatements>;
