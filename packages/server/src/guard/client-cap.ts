/**
 * Bounds how many browsers the in-memory rate limiters track at once. Each one costs two entries (its own
 * and its address's, about 600 bytes each on the heap), kept for one window: without a bound, a flood from
 * many addresses (a botnet, or an IPv6 range) would grow them by about 1.2 KB a request. Entries live one
 * window from their creation, so those alive are at most the ones created in this window and the last.
 * Past `max`, a NEW browser is refused until the window turns; browsers already tracked go on as usual.
 */
export class ClientCap {
  private start = 0;
  private current = 0;
  private previous = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** No room for one more tracked browser. */
  get full(): boolean {
    this.roll();
    return this.current + this.previous >= this.max;
  }

  /** A browser got an entry of its own (its first mirror of a window). */
  created(): void {
    this.roll();
    this.current++;
  }

  /** Seconds until the oldest entries expire and make room. */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.start + this.windowMs - this.now()) / 1000));
  }

  private roll(): void {
    const steps = Math.floor((this.now() - this.start) / this.windowMs);
    if (steps <= 0) return;
    this.previous = steps === 1 ? this.current : 0;
    this.current = 0;
    this.start += steps * this.windowMs;
  }
}
