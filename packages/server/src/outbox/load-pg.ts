import { requirePeer } from './optional-peer.js';
import type { PgPool } from './pg-types.js';

/** Opens a `pg.Pool` for a connection string, loading node-postgres (an optional peer dependency) on first use only. */
export function openPgPool(connectionString: string): PgPool {
  const pg = requirePeer<{ Pool: new (config: { connectionString: string; max?: number }) => PgPool }>(
    'pg',
    'ERR_TWINFIRE_POSTGRES_UNAVAILABLE',
    'outbox.postgres',
    'the PostgreSQL outbox needs node-postgres, but %s: install it to use the PostgreSQL outbox (npm install pg).',
  );
  return new pg.Pool({ connectionString, max: 10 });
}
