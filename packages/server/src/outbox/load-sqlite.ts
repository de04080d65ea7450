import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { TwinfireError } from '../errors.js';

/**
 * Loads better-sqlite3 on first use only: it is an optional peer dependency (a native module compiled at
 * install), so sites on the memory outbox never need it.
 */
export function loadSqlite(): typeof BetterSqlite3 {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    const code = (error as { code?: string })?.code;
    const detail =
      code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' ? 'it is not installed' : `it failed to load (${(error as Error)?.message ?? code})`;
    throw new TwinfireError(
      'ERR_TWINFIRE_SQLITE_UNAVAILABLE',
      'outbox.sqlite',
      `the SQLite outbox needs better-sqlite3, but ${detail}: install better-sqlite3@12 to use the SQLite outbox (npm install better-sqlite3@12).`,
    );
  }
}
