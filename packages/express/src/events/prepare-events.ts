import type { IncomingMessage } from 'node:http';
import type { ServerEvent } from '@twinfire/core';
import { hashUserData } from '../hashing/hash-user-data.js';
import { errorShape } from '../logging/logger.js';
import type { OutboxEntry } from '../outbox/outbox.js';
import type { ResolvedConfig } from '../options/resolved-config.js';
import type { Counters } from '../delivery/counters.js';

/**
 * One event into one outbox entry per pixel: a copy per pixel, the `beforeSend` hook (edit or drop), then
 * normalization and hashing of user_data — after the hook, so values it adds are hashed too. Each entry
 * carries its JSON, measured against `maxEventBytes` here and stored as is by the outbox.
 * A `beforeSend` that throws drops the event (it may exist to scrub data: failing open would leak it).
 */
export async function prepareEntries(
  config: ResolvedConfig,
  counters: Counters,
  event: ServerEvent,
  pixelIds: readonly string[],
  req: IncomingMessage | undefined,
): Promise<Prepared> {
  const entries: OutboxEntry[] = [];
  for (const pixelId of pixelIds) {
    // A hook may edit its event: it gets a copy of its own. Without one, every pixel's twin is the same.
    let copy: ServerEvent | null | undefined = config.beforeSend ? structuredClone(event) : event;
    if (config.beforeSend) {
      try {
        copy = (await config.beforeSend(copy, req, pixelId)) as ServerEvent | null | undefined;
      } catch (error) {
        config.logger.error({ hook: 'beforeSend', pixel_id: pixelId, error: errorShape(error) }, 'beforeSend hook failed; the event is dropped');
        copy = null;
      }
      if (!copy || typeof copy !== 'object') {
        counters.dropped.beforeSend++;
        continue;
      }
      // The dedup key must not change behind the page's back.
      copy.event_name = event.event_name;
      copy.event_id = event.event_id;
    }
    const twin: ServerEvent = { ...copy, user_data: hashUserData(copy.user_data ?? {}) };
    const json = JSON.stringify(twin);
    if (json.length > config.maxEventBytes) {
      return { ok: false, error: { code: 'event_too_large', field: '', message: `the server event would be ${json.length} bytes of JSON; the limit is ${config.maxEventBytes} (maxEventBytes)` } };
    }
    entries.push({ pixelId, event: twin, json });
  }
  return { ok: true, entries };
}

/** The entries to queue, or why the event is refused (`event_too_large`: its JSON is over `maxEventBytes`). */
export type Prepared = { ok: true; entries: OutboxEntry[] } | { ok: false; error: { code: 'event_too_large'; field: ''; message: string } };
