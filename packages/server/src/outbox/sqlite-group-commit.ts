import type BetterSqlite3 from 'better-sqlite3';

interface Pending<T> {
  run: () => T;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitHooks {
  /** Before the shared transaction starts. */
  begin(): void;
  /** The shared transaction failed (disk full, I/O error): undo what `begin` saved. */
  rollback(): void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: the calls submitted within one tick of the event loop run in ONE transaction (one fsync
 * with `synchronous = FULL`), and every promise settles after the commit, so "resolved" still means "on
 * disk". Under load, the requests that arrived in the same I/O phase share one fsync instead of paying one
 * each.
 *
 * One call's failure (the outbox is full) must roll back that call only. A savepoint per call does that,
 * but costs more than the call's inserts (two statements and a wrapper each: 33 against 21 µs of CPU per
 * enqueue). So the group first runs without savepoints; only if a call throws is the whole transaction
 * rolled back and the group run again with a savepoint per call, where the failing calls fail alone.
 */
export class GroupCommit {
  private pending: Pending<unknown>[] = [];
  private scheduled = false;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly hooks: GroupCommitHooks,
  ) {}

  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.commit());
      }
    });
  }

  /** Commits what is pending now (the scheduled tick, or `close()` before the file closes). */
  commit(): void {
    this.scheduled = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    let results: Result[];
    try {
      results = this.runAll(batch, false) ?? this.runAll(batch, true)!;
    } catch (error) {
      for (const call of batch) call.reject(error);
      return;
    }
    batch.forEach((call, i) => {
      const result = results[i]!;
      if (result.ok) call.resolve(result.value);
      else call.reject(result.error);
    });
  }

  /**
   * The batch in one transaction. Without savepoints, a call that throws rolls the whole transaction back and
   * this returns undefined (run it again with savepoints); with them, each call's failure is its own result.
   * Throws when the transaction itself fails (disk full, I/O error), after the rollback hook.
   */
  private runAll(batch: readonly Pending<unknown>[], savepoints: boolean): Result[] | undefined {
    const results: Result[] = [];
    this.hooks.begin();
    try {
      this.db.transaction(() => {
        for (const call of batch) {
          if (!savepoints) {
            results.push({ ok: true, value: call.run() });
            continue;
          }
          try {
            // A transaction inside a transaction is a savepoint in better-sqlite3.
            results.push({ ok: true, value: this.db.transaction(call.run)() });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      this.hooks.rollback();
      // Without savepoints, a call that threw left its result out: run the group again with them. All
      // results in, it was the transaction (its COMMIT) that failed.
      if (!savepoints && results.length < batch.length) return undefined;
      throw error;
    }
    return results;
  }
}
