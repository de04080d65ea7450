interface Pending<C, R> {
  call: C;
  weight: number;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the PostgreSQL outbox: the calls submitted while a group's statement is in flight (or
 * within the tick, when none is) go in the next group, ONE statement and one transaction (one commit, one
 * fsync) for all of them. A group holds up to `maxWeight` (entries) unless one call alone weighs more; the
 * rest waits for the next group. One group is in flight at a time, so each group sees the totals the one
 * before left (the capacity check stays exact for this instance). `run` settles each call, in order; every
 * promise settles after `run` does, so "resolved" still means "committed". When `run` fails, every call of
 * its group rejects with that error.
 */
export class PgGroupCommit<C, R> {
  private pending: Pending<C, R>[] = [];
  private scheduled = false;
  private running = false;
  private drained: (() => void)[] = [];

  constructor(
    private readonly run: (calls: C[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly maxWeight: number,
  ) {}

  submit(call: C, weight: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ call, weight, resolve, reject });
      if (!this.running && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.next();
        });
      }
    });
  }

  /** Resolves once nothing is pending or in flight (before the pool ends). */
  drain(): Promise<void> {
    if (!this.running && !this.scheduled && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private next(): void {
    if (this.running) return;
    if (this.pending.length === 0) {
      for (const resolve of this.drained.splice(0)) resolve();
      return;
    }
    let weight = this.pending[0]!.weight;
    let count = 1;
    while (count < this.pending.length && weight + this.pending[count]!.weight <= this.maxWeight) weight += this.pending[count++]!.weight;
    const group = this.pending.splice(0, count);
    this.running = true;
    Promise.resolve()
      .then(() => this.run(group.map((p) => p.call)))
      .then(
        (results) => {
          for (const [i, p] of group.entries()) {
            const result = results[i];
            if (result?.status === 'fulfilled') p.resolve(result.value);
            else p.reject(result ? result.reason : new Error('twinfire: a group commit gave no result for a call'));
          }
        },
        (error: unknown) => {
          for (const p of group) p.reject(error);
        },
      )
      .finally(() => {
        this.running = false;
        this.next();
      });
  }
}
