import type { ServerEvent } from '@twinfire/core';
import { countRejection } from '../delivery/counters.js';
import { TwinfireError } from '../errors.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Runtime } from '../runtime.js';
import { prepareEntries } from './prepare-events.js';
import { validateEvent } from './validate-event.js';

/** A server-originated event: Meta's field names. `event_id` and `event_time` are optional (UUID, now). */
export type SendEvent = Omit<ServerEvent, 'event_id' | 'event_time'> & { event_id?: string; event_time?: number };

export interface SendOptions {
  /** Send to these configured pixels only. Default: every configured pixel. */
  pixelIds?: readonly string[];
  /**
   * Your database client inside an open transaction (the PostgreSQL outbox only; a `pg` Client or PoolClient):
   * the event is written with it, so it commits or rolls back with your own writes (the order and its
   * Purchase together). It is delivered after your COMMIT; after a ROLLBACK it never existed.
   */
  db?: unknown;
}

export interface SendResult {
  /** The event id used: yours, or the one generated. Give it to the page for `fbq(..., { eventID })`. */
  event_id: string;
  /** Events queued (one per pixel); 0 when all were duplicates or dropped by `beforeSend`. */
  queued: number;
  /** Every pixel already had this server event (event_name, event_id) recently: nothing new was queued. A browser mirror with the same id is replaced, never a reason to drop it. */
  duplicate: boolean;
}

/** `tf.send(event)`: the same pipeline as a mirror (beforeSend, hashing, dedup, queue), without a request. */
export async function sendEvent(rt: Runtime, input: unknown, options: SendOptions = {}): Promise<SendResult> {
  const { config, counters, engine } = rt;
  counters.received++;
  try {
    if (engine.closed) throw new TwinfireError('ERR_TWINFIRE_CLOSED', '', 'send() after close(): the instance is shut down');
    const event = validateEvent(input, config.now());
    const pixelIds = options.pixelIds ?? [...config.tokens.keys()];
    if (!Array.isArray(pixelIds) || pixelIds.length === 0)
      throw new TwinfireError('ERR_TWINFIRE_UNKNOWN_PIXEL', 'pixelIds', 'pixelIds must be a non-empty array');
    for (const id of pixelIds) {
      if (!config.tokens.has(id)) throw new TwinfireError('ERR_TWINFIRE_UNKNOWN_PIXEL', 'pixelIds', `pixel ${String(id).slice(0, 24)} is not configured`);
    }
    if (options.db !== undefined) checkTransactionClient(config.outbox, options.db);
    const prepared = await prepareEntries(config, counters, event, [...new Set(pixelIds)], undefined);
    if (!prepared.ok) throw new TwinfireError('ERR_TWINFIRE_EVENT_TOO_LARGE', '', `send(): ${prepared.error.message}`);
    // The server's own truth: never dropped as a duplicate of a browser mirror (see OutboxEntry.source).
    const entries = prepared.entries.map((entry) => ({ ...entry, source: 'server' as const }));
    const eventId = event.event_id!;
    if (entries.length === 0) return { event_id: eventId, queued: 0, duplicate: false };
    const result = await engine.enqueue(entries, options.db === undefined ? undefined : { db: options.db });
    if (result.status === 'full') {
      throw new TwinfireError('ERR_TWINFIRE_QUEUE_FULL', '', `the queue holds ${config.maxQueue} undelivered events; the event was not accepted`);
    }
    const queued = result.outcomes.filter((o) => o === 'queued').length;
    counters.dropped.duplicate += result.outcomes.length - queued;
    return { event_id: eventId, queued, duplicate: queued === 0 };
  } catch (error) {
    if (error instanceof TwinfireError) countRejection(counters, error.code.replace('ERR_TWINFIRE_', '').toLowerCase());
    throw error;
  }
}

/** `send(event, { db })` needs an outbox that writes through the caller's client, and a client. */
function checkTransactionClient(outbox: Outbox, db: unknown): void {
  if (outbox.transactional !== true) {
    throw new TwinfireError(
      'ERR_TWINFIRE_INVALID_ARGUMENT',
      'db',
      'send(event, { db }) needs the PostgreSQL outbox (outbox: { postgres }); this outbox cannot join your transaction.',
    );
  }
  if (typeof db !== 'object' || db === null || typeof (db as { query?: unknown }).query !== 'function') {
    throw new TwinfireError('ERR_TWINFIRE_INVALID_ARGUMENT', 'db', '`db` must be a pg client (with a query method) inside your open transaction.');
  }
}
