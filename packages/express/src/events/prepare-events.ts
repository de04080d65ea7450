import type { IncomingMessage } from 'node:http';
import type { ServerEvent } from '@twinfire/core';
import { hashUserData } from '../hashing/hash-user-data.js';
import { errorShape } from '../logging/logger.js';
import type { OutboxEntry } from '../outbox/outbox.js';
import type { ResolvedConfig } from '../options/resolved-config.js';
import type { Counters } from '../delivery/counters.js';

/**
 * One event into one outbox entry per pixel: a copy per pixel, the `beforeSend` hook (edit or drop), then
 * normalization and hashing of user_data — after the hook, so values it adds are hashed too.
 * A `beforeSend` that throws drops the event (it may exist to scrub data: failing open would leak it).
 */
export async function prepareEntries(
  config: ResolvedConfig,
  counters: Counters,
  event: ServerEvent,
  pixelIds: readonly string[],
  req: IncomingMessage | undefined,
): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for (const pixelId of pixelIds) {
    let copy: ServerEvent | null | undefined = structuredClone(event);
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
    entries.push({ pixelId, event: { ...copy, user_data: hashUserData(copy.user_data ?? {}) } });
  }
  return entries;
}
