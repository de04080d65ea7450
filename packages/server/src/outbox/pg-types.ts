/**
 * The part of node-postgres (`pg`) the PostgreSQL outbox uses, written out so that twinfire's types do not
 * need `@types/pg`: a `pg.Pool` fits {@link PgPool}, a `pg.Client` or `PoolClient` fits {@link PgClient}.
 */
export interface PgQueryResult {
  // biome-ignore lint/suspicious/noExplicitAny: rows are whatever the query selects
  rows: any[];
  rowCount: number | null;
}

/** Anything that runs a parameterized query: a pool, a client, a client inside your transaction. */
export interface PgClient {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
}

/** A client checked out of a pool. */
export interface PgPoolClient extends PgClient {
  release(destroy?: boolean | Error): void;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

/** A `pg.Pool`. */
export interface PgPool extends PgClient {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
