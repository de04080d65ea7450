import type {
  DeadLetter,
  DeadLetterFilter,
  DeadMark,
  EnqueueOptions,
  EnqueueResult,
  LeaseRef,
  Outbox,
  OutboxEntry,
  OutboxRecord,
  OutboxSizing,
  OutboxStats,
  OutboxWatcher,
  VisitorKey,
} from './outbox.js';

/**
 * Hands twinfire's limits to a user-provided outbox: calls its `init(sizing)` once, now. A synchronous
 * `init` (or none) leaves the outbox as is; one that throws fails `createTwinfire`. An asynchronous one
 * returns a gate that holds every call until `init` resolves (and fails them all if it rejects).
 */
export function initOutbox(outbox: Outbox, sizing: OutboxSizing): Outbox {
  if (typeof outbox.init !== 'function') return outbox;
  const result = outbox.init(sizing);
  if (result === undefined || typeof (result as Promise<void>).then !== 'function') return outbox;
  return new InitGate(outbox, Promise.resolve(result));
}

/** An outbox whose `init()` is still running: every call waits for it. */
class InitGate implements Outbox {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly inner: Outbox,
    ready: Promise<void>,
  ) {
    this.ready = ready.then(() => {
      this.ready = undefined;
    });
    // Reported by the calls that wait for it (the engine's start logs it), not as an unhandled rejection.
    this.ready.catch(() => {});
    if (inner.hasRoom) this.hasRoom = (events, bytes) => inner.hasRoom!(events, bytes);
    if (inner.watch) this.watch = (onEvents) => inner.watch!(onEvents);
  }

  get durable(): boolean {
    return this.inner.durable;
  }

  get transactional(): boolean {
    return this.inner.transactional === true;
  }

  watch?: (onEvents: OutboxWatcher) => void;

  hasRoom?: (events: number, bytes: number) => boolean;

  async enqueue(entries: readonly OutboxEntry[], now: number, options?: EnqueueOptions): Promise<EnqueueResult> {
    await this.ready;
    return this.inner.enqueue(entries, now, options);
  }

  async lease(pixelId: string, max: number, now: number, maxBytes?: number): Promise<OutboxRecord[]> {
    await this.ready;
    return this.inner.lease(pixelId, max, now, maxBytes);
  }

  async ack(refs: readonly LeaseRef[]): Promise<void> {
    await this.ready;
    return this.inner.ack(refs);
  }

  async retry(refs: readonly LeaseRef[], at: number, countAttempt: boolean): Promise<void> {
    await this.ready;
    return this.inner.retry(refs, at, countAttempt);
  }

  async dead(marks: readonly DeadMark[]): Promise<void> {
    await this.ready;
    return this.inner.dead(marks);
  }

  async nextDueAt(pixelId: string): Promise<number | undefined> {
    await this.ready;
    return this.inner.nextDueAt(pixelId);
  }

  async pixelIds(): Promise<string[]> {
    await this.ready;
    return this.inner.pixelIds();
  }

  async purge(visitor: VisitorKey): Promise<number> {
    await this.ready;
    return this.inner.purge(visitor);
  }

  async retryDead(filter: DeadLetterFilter, now: number): Promise<number> {
    await this.ready;
    return this.inner.retryDead(filter, now);
  }

  async stats(now: number): Promise<OutboxStats> {
    await this.ready;
    return this.inner.stats(now);
  }

  async deadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]> {
    await this.ready;
    return this.inner.deadLetters(filter);
  }

  /** Closes the outbox even when `init()` failed (it may hold a half-open connection). */
  async close(): Promise<void> {
    await this.ready?.catch(() => {});
    return this.inner.close();
  }
}
