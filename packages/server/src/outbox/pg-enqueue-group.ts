/**
 * Migration 2 of the PostgreSQL outbox (see pg-schema.ts): the functions behind group commit.
 *
 * `enqueue_entries(...)` is one caller's part of `enqueue(...)` (migration 1) without its capacity check,
 * sub-transaction and NOTIFY: per entry, the duplicate check (`seen`), the replacement of a browser copy by
 * the server's event, the insert; the outcomes and what was added and replaced.
 *
 * `enqueue_group(counts, notifies, nows, <the per-entry arrays of enqueue>, window_ms, room_count,
 * room_bytes, channel, origin)` runs the callers one after another in their order (`counts[c]` entries
 * each, consecutive in the arrays; `nows[c]` is the caller's clock), so duplicates and replacements across
 * callers are what running them in turn would give. A caller that may pass the room left (what the callers
 * before it added is taken off) runs in a sub-transaction, rolled back when it does: that caller is `full`,
 * the others keep their rows. A caller that cannot pass it (its entries and bytes fit even if all are added)
 * runs without one, so a group does not pile up sub-transactions. One NOTIFY per pixel (`origin pixel count`)
 * for the events added by the callers whose `notifies` is set, at commit.
 *
 * Never edit this SQL once released: databases that applied migration 2 keep it. Change it by a new step.
 */
export const ENQUEUE_GROUP_FUNCTIONS = (s: string): string => `
CREATE FUNCTION ${s}.enqueue_entries(
  keys text[], twins text[], servers boolean[], pixels text[], names text[], ids text[], times bigint[],
  events text[], sizes integer[], fbps text[], visitors text[], now_ms bigint, window_ms bigint,
  OUT outcomes boolean[], OUT added integer, OUT added_bytes bigint,
  OUT replaced_queued integer, OUT replaced_queued_bytes bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  i integer;
  got integer;
  r record;
BEGIN
  outcomes := '{}'; added := 0; added_bytes := 0; replaced_queued := 0; replaced_queued_bytes := 0;
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
  END LOOP;
END
$fn$;

CREATE FUNCTION ${s}.enqueue_group(
  counts integer[], notifies boolean[], nows bigint[],
  keys text[], twins text[], servers boolean[], pixels text[], names text[], ids text[], times bigint[],
  events text[], sizes integer[], fbps text[], visitors text[], window_ms bigint,
  room_count bigint, room_bytes bigint, channel text, origin text,
  OUT outcomes boolean[], OUT full_callers boolean[], OUT added integer[], OUT added_bytes bigint[],
  OUT replaced_queued integer[], OUT replaced_queued_bytes bigint[])
LANGUAGE plpgsql AS $fn$
DECLARE
  c integer;
  i integer;
  a integer := 1;
  b integer;
  e record;
  is_full boolean;
  per_pixel jsonb := '{}';
  r record;
BEGIN
  outcomes := '{}'; full_callers := '{}'; added := '{}'; added_bytes := '{}'; replaced_queued := '{}'; replaced_queued_bytes := '{}';
  FOR c IN 1 .. coalesce(array_length(counts, 1), 0) LOOP
    b := a + counts[c] - 1;
    is_full := false;
    IF counts[c] <= room_count AND coalesce((SELECT sum(x) FROM unnest(sizes[a:b]) AS x), 0) <= room_bytes THEN
      SELECT * INTO e FROM ${s}.enqueue_entries(keys[a:b], twins[a:b], servers[a:b], pixels[a:b], names[a:b], ids[a:b],
        times[a:b], events[a:b], sizes[a:b], fbps[a:b], visitors[a:b], nows[c], window_ms);
    ELSE
      BEGIN
        SELECT * INTO e FROM ${s}.enqueue_entries(keys[a:b], twins[a:b], servers[a:b], pixels[a:b], names[a:b], ids[a:b],
          times[a:b], events[a:b], sizes[a:b], fbps[a:b], visitors[a:b], nows[c], window_ms);
        IF e.added > 0 AND (e.added - e.replaced_queued > room_count OR e.added_bytes - e.replaced_queued_bytes > room_bytes) THEN
          RAISE EXCEPTION 'full' USING ERRCODE = 'TWFUL';
        END IF;
      EXCEPTION WHEN SQLSTATE 'TWFUL' THEN
        is_full := true;
      END;
    END IF;
    outcomes := outcomes || e.outcomes;
    full_callers := full_callers || is_full;
    IF is_full THEN
      added := added || 0; added_bytes := added_bytes || 0::bigint;
      replaced_queued := replaced_queued || 0; replaced_queued_bytes := replaced_queued_bytes || 0::bigint;
    ELSE
      added := added || e.added; added_bytes := added_bytes || e.added_bytes;
      replaced_queued := replaced_queued || e.replaced_queued; replaced_queued_bytes := replaced_queued_bytes || e.replaced_queued_bytes;
      room_count := room_count - (e.added - e.replaced_queued);
      room_bytes := room_bytes - (e.added_bytes - e.replaced_queued_bytes);
      IF notifies[c] THEN
        FOR i IN 1 .. counts[c] LOOP
          IF e.outcomes[i] THEN
            per_pixel := jsonb_set(per_pixel, ARRAY[pixels[a + i - 1]], to_jsonb(coalesce((per_pixel ->> pixels[a + i - 1])::integer, 0) + 1));
          END IF;
        END LOOP;
      END IF;
    END IF;
    a := b + 1;
  END LOOP;
  IF channel IS NOT NULL THEN
    FOR r IN SELECT key AS pixel, value AS n FROM jsonb_each_text(per_pixel) LOOP
      PERFORM pg_notify(channel, origin || ' ' || r.pixel || ' ' || r.n);
    END LOOP;
  END IF;
END
$fn$;`;
