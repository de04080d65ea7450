import { quoteIdent } from './pg-schema.js';
import type { PgPool, PgPoolClient } from './pg-types.js';

/** How often an instance that is not a pixel's sender tries to become it (its sender may have died), ms. */
export const TAKEOVER_MS = 1000;
const RECONNECT_MS = { first: 500, max: 30_000 };

/**
 * The PostgreSQL outbox's one held connection: it LISTENs for the events other instances (and committed
 * transactions) add, and holds the session advisory lock that makes this instance the one **sender** of a
 * pixel. One sender per pixel keeps batching whole across instances (each Graph request carries up to
 * `batchSize` events whoever accepted them) and `concurrency` a bound for the pixel, not per instance. The
 * lock dies with the connection, so when a sender crashes another instance takes the pixel over within
 * {@link TAKEOVER_MS}; leases keep delivery safe meanwhile (two senders never lease the same row).
 *
 * When the connection is lost, the instance sends without the lock (`FOR UPDATE SKIP LOCKED` keeps that
 * correct, only less batched) and reconnects with backoff.
 */
export class PgListener {
  private client: PgPoolClient | undefined;
  private readonly owned = new Set<string>();
  private readonly tried = new Map<string, { at: number; pending?: Promise<boolean> }>();
  private reconnectMs = RECONNECT_MS.first;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Set by the outbox: events of `pixelId` were added elsewhere. */
  onEvents: ((pixelId: string, added: number) => void) | undefined;
  /** Set by the outbox: the connection came back (pixels may have been taken over meanwhile). */
  onReconnect: (() => void) | undefined;

  constructor(
    private readonly pool: PgPool,
    private readonly schema: string,
    readonly channel: string,
    /** This instance's id in NOTIFY payloads, so it ignores its own. */
    readonly origin: string,
    private readonly warn: (message: string, error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    const client = await this.pool.connect();
    client.on('error', (error) => this.lost(client, error));
    client.on('notification', (message) => this.heard(message.payload));
    try {
      await client.query(`LISTEN ${quoteIdent(this.channel)}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
  }

  /** Whether this instance sends `pixelId`'s events: it holds the pixel's lock, or takes it now (tried once per {@link TAKEOVER_MS}). */
  async isSender(pixelId: string): Promise<boolean> {
    if (this.owned.has(pixelId)) return true;
    if (this.client === undefined) return !this.closed;
    const last = this.tried.get(pixelId);
    if (last?.pending) return last.pending;
    if (last && Date.now() - last.at < TAKEOVER_MS) return false;
    const client = this.client;
    const pending = client
      .query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [`twinfire.send.${this.schema}.${pixelId}`])
      .then(({ rows }) => {
        if (rows[0]?.ok === true && this.client === client) this.owned.add(pixelId);
        return this.owned.has(pixelId);
      })
      .catch(() => false)
      .finally(() => this.tried.set(pixelId, { at: Date.now() }));
    this.tried.set(pixelId, { at: Date.now(), pending });
    return pending;
  }

  /** Closes the connection (which releases the locks and the LISTEN). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.owned.clear();
    client?.release(true);
  }

  private heard(payload: string | undefined): void {
    const [origin, pixelId, count] = (payload ?? '').split(' ');
    const added = Number(count);
    if (origin === this.origin || !pixelId || !(added > 0)) return;
    this.onEvents?.(pixelId, added);
  }

  private lost(client: PgPoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.owned.clear();
    client.release(true);
    if (this.closed) return;
    this.warn('the PostgreSQL outbox lost its listening connection; it sends without the pixel lock until it reconnects', error);
    this.reconnect();
  }

  private reconnect(): void {
    this.timer = setTimeout(() => {
      this.start().then(
        () => {
          this.reconnectMs = RECONNECT_MS.first;
          if (this.closed) this.close();
          else this.onReconnect?.();
        },
        () => {
          this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_MS.max);
          if (!this.closed) this.reconnect();
        },
      );
    }, this.reconnectMs);
    this.timer.unref();
  }
}
