import type { ServerEvent } from '@twinfire/core';
import type { Counters } from '../delivery/counters.js';
import type { EndpointRequest } from '../endpoint/request.js';
import { hashUserData } from '../hashing/hash-user-data.js';
import { errorShape } from '../logging/logger.js';
import type { ResolvedConfig } from '../options/resolved-config.js';
import type { OutboxEntry } from '../outbox/outbox.js';

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
  request: EndpointRequest | undefined,
): Promise<Prepared> {
  if (!config.beforeSend) {
    // No hook: every pixel's twin is the same event, normalized, hashed and serialized once.
    const twin = finish(config, event);
    return twin.ok ? { ok: true, entries: pixelIds.map((pixelId) => ({ pixelId, event: twin.event, json: twin.json })) } : twin;
  }
  const entries: OutboxEntry[] = [];
  for (const pixelId of pixelIds) {
    // The hook may edit its event: it gets a copy of its own.
    let copy: ServerEvent | null | undefined = structuredClone(event);
    try {
      copy = (await config.beforeSend(copy, request?.raw, pixelId, request)) as ServerEvent | null | undefined;
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
    const twin = finish(config, copy);
    if (!twin.ok) return twin;
    entries.push({ pixelId, event: twin.event, json: twin.json });
  }
  return { ok: true, entries };
}

type Refusal = Extract<Prepared, { ok: false }>;

/** The event with its user data hashed, and its JSON, measured against `maxEventBytes`. */
function finish(config: ResolvedConfig, event: ServerEvent): { ok: true; event: ServerEvent; json: string } | Refusal {
  const twin: ServerEvent = { ...event, user_data: hashUserData(event.user_data ?? {}) };
  const json = JSON.stringify(twin);
  if (json.length <= config.maxEventBytes) return { ok: true, event: twin, json };
  return {
    ok: false,
    error: {
      code: 'event_too_large',
      field: '',
      message: `the server event would be ${json.length} bytes of JSON; the limit is ${config.maxEventBytes} (maxEventBytes)`,
    },
  };
}

/** The entries to queue, or why the event is refused (`event_too_large`: its JSON is over `maxEventBytes`). */
export type Prepared = { ok: true; entries: OutboxEntry[] } | { ok: false; error: { code: 'event_too_large'; field: ''; message: string } };
