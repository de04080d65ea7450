import type BetterSqlite3 from 'better-sqlite3';
import { requirePeer } from './optional-peer.js';

/** Loads better-sqlite3 on first use only: an optional peer dependency (a native module compiled at install). */
export function loadSqlite(): typeof BetterSqlite3 {
  return requirePeer<typeof BetterSqlite3>(
    'better-sqlite3',
    'ERR_TWINFIRE_SQLITE_UNAVAILABLE',
    'outbox.sqlite',
    'the SQLite outbox needs better-sqlite3, but %s: install better-sqlite3@12 to use the SQLite outbox (npm install better-sqlite3@12).',
  );
}
