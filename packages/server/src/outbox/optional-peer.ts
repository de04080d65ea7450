import { createRequire } from 'node:module';
import { TwinfireError, type TwinfireErrorCode } from '../errors.js';

/**
 * Loads an optional peer dependency on first use (better-sqlite3, pg), so sites that do not use it never need
 * it; when it is missing or fails to load, a {@link TwinfireError} says what to install.
 */
export function requirePeer<T>(name: string, code: TwinfireErrorCode, field: string, need: string): T {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (error) {
    const reason = (error as { code?: string })?.code;
    const detail =
      reason === 'MODULE_NOT_FOUND' || reason === 'ERR_MODULE_NOT_FOUND' ? 'it is not installed' : `it failed to load (${(error as Error)?.message ?? reason})`;
    throw new TwinfireError(code, field, need.replace('%s', detail));
  }
}
