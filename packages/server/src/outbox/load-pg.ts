import { createRequire } from 'node:module';
import { TwinfireError } from '../errors.js';
import type { PgPool } from './pg-types.js';

/**
 * Opens a `pg.Pool` for a connection string, loading node-postgres on first use only: it is an optional peer
 * dependency, so sites on another outbox never need it.
 */
export function openPgPool(connectionString: string): PgPool {
  let pg: { Pool: new (config: { connectionString: string; max?: number }) => PgPool };
  try {
    pg = createRequire(import.meta.url)('pg');
  } catch (error) {
    const code = (error as { code?: string })?.code;
    const detail =
      code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' ? 'it is not installed' : `it failed to load (${(error as Error)?.message ?? code})`;
    throw new TwinfireError(
      'ERR_TWINFIRE_POSTGRES_UNAVAILABLE',
      'outbox.postgres',
      `the PostgreSQL outbox needs node-postgres, but ${detail}: install it to use the PostgreSQL outbox (npm install pg).`,
    );
  }
  return new pg.Pool({ connectionString, max: 10 });
}
