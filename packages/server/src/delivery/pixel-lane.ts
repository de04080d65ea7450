import { type TimerHandle, type Timers, unrefTimer } from './engine-config.js';

/**
 * Why a pixel's sending is on hold: Meta throttles it, refuses its token or permissions, or (`backoff`) the
 * last request failed transiently (5xx, timeout, connection error) and the backoff delay is running.
 */
export type PauseKind = 'throttle' | 'auth' | 'backoff';

export interface PauseState {
  kind: PauseKind;
  /** Sending resumes (with a probe request) at this time, ms. */
  until: number;
  /** Meta's error code that caused it. */
  code: number;
}

/**
 * The delivery state of one pixel: requests in flight, a pause after throttling or a token/permission error,
 * and the single timer that wakes it. Timers are `unref`ed: they never keep a process alive.
 */
export class PixelLane {
  inFlight = 0;
  /**
   * New events enqueued and not yet leased (retries are not counted: they wait for their own time), and when
   * the oldest of them arrived. The batching gate reads them: lease when a full batch waits or the oldest has
   * waited `flushIntervalMs`, so a busy pixel sends full batches instead of whatever arrived meanwhile.
   */
  waiting = 0;
  oldestWaitingAt: number | undefined;
  /**
   * When the last lease drained the lane (fewer events than asked, and not for lack of room in the request).
   * Whatever is due next arrived since: it is batched for `flushIntervalMs` like new events, even when this
   * process did not count it (events another instance added to a shared outbox).
   */
  drainedAt: number | undefined;
  pause: PauseState | undefined;
  /** Consecutive throttled answers, for the growing pause. */
  throttles = 0;
  /** The loud token/permission log line was written for the current pause episode. */
  alerted = false;
  pumping: Promise<void> | undefined;
  repump = false;
  /**
   * Event bytes a request may carry now: `maxRequestBytes` less the envelope, halved after a request timed
   * out (its retry goes out as smaller requests) and doubled back after each success.
   */
  requestBytes: number;
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(
    readonly pixelId: string,
    private readonly maxRequestBytes: number,
    private readonly timers: Timers,
  ) {
    this.requestBytes = maxRequestBytes;
  }

  /** A request of `bytes` event bytes timed out: the next ones carry at most half as much (one event at least). */
  shrinkRequests(bytes: number): void {
    this.requestBytes = Math.max(1, Math.floor(Math.min(bytes, this.requestBytes) / 2));
  }

  /** A request went through: grow back towards the configured size. */
  growRequests(): void {
    this.requestBytes = Math.min(this.maxRequestBytes, this.requestBytes * 2);
  }

  /** New events arrived. */
  noteEnqueued(added: number, now: number): void {
    if (this.waiting === 0) this.oldestWaitingAt = now;
    this.waiting += added;
  }

  /**
   * A lease returned `count` events (0: nothing was due, so nothing new waits either). `drained`: nothing more
   * was due. `full`: it returned `batchSize` events.
   */
  noteLeased(count: number, drained: boolean, full: boolean, now: number): void {
    // Drained: what is counted but was not leased arrived during the lease (or elsewhere); it waits from now.
    this.waiting = count === 0 || drained ? 0 : Math.max(0, this.waiting - count);
    if (this.waiting === 0) this.oldestWaitingAt = undefined;
    // The rest of a full batch: its age is not known (nor, with a shared outbox, its count), so it waits for a
    // full batch or `flushIntervalMs` from this lease rather than going at once as a small request.
    else if (full) this.oldestWaitingAt = now;
    this.drainedAt = drained ? now : undefined;
  }

  /**
   * The batching gate: lease when flushing, when a full batch of new events waits, when the oldest new event
   * has waited `flushIntervalMs`, or when no new event waits (what is due is then a retry, an event left by an
   * earlier process, a re-queued dead letter, or added by another instance) — but not sooner than
   * `flushIntervalMs` after the lane was drained. Returns the time it opens (`now`: open).
   */
  gateOpensAt(now: number, batchSize: number, flushIntervalMs: number, flushing: boolean): number {
    if (flushing || this.waiting >= batchSize) return now;
    if (this.waiting === 0) return this.drainedAt === undefined ? now : Math.max(now, this.drainedAt + flushIntervalMs);
    return (this.oldestWaitingAt ?? now) + flushIntervalMs;
  }

  isPaused(now: number): boolean {
    return this.pause !== undefined && now < this.pause.until;
  }

  /** Wakes `fire` at `at` (ms), unless an earlier wake-up is already set. */
  schedule(at: number, now: number, fire: () => void): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    const delay = Math.min(Math.max(0, at - now), 2 ** 31 - 1);
    this.timer = unrefTimer(
      this.timers,
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        fire();
      },
      delay,
    );
  }

  clearTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}
