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

/**
 * Group commit: the calls submitted within one tick of the event loop run in ONE transaction (one fsync
 * with `synchronous = FULL`), each in its own savepoint so that one call's failure (the outbox is full)
 * rolls back that call only. Every promise settles after the commit, so "resolved" still means "on disk".
 * Under load, the requests that arrived in the same I/O phase share one fsync instead of paying one each.
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
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    this.hooks.begin();
    try {
      this.db.transaction(() => {
        for (const call of batch) {
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
      for (const call of batch) call.reject(error);
      return;
    }
    batch.forEach((call, i) => {
      const result = results[i]!;
      if (result.ok) call.resolve(result.value);
      else call.reject(result.error);
    });
  }
}
