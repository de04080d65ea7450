/**
 * Every error twinfire throws or rejects with: a stable `code` to branch on, the `field` at fault (an option
 * name or an event field path) and a message that says how to fix it. Messages never contain an access token.
 */
export type TwinfireErrorCode =
  /** An option name twinfire does not know (usually a typo; the message suggests the close match). */
  | 'ERR_TWINFIRE_UNKNOWN_OPTION'
  /** An option with a wrong type or value. */
  | 'ERR_TWINFIRE_INVALID_OPTION'
  /** A configured pixel without an access token. */
  | 'ERR_TWINFIRE_MISSING_ACCESS_TOKEN'
  /** `app.use(twinfire)` instead of `app.use(twinfire(options))`. */
  | 'ERR_TWINFIRE_NOT_CALLED'
  /** `tf.send()` got an event Meta would refuse. */
  | 'ERR_TWINFIRE_INVALID_EVENT'
  /** `tf.send()` got an event whose JSON (after hashing) is larger than `maxEventBytes`. */
  | 'ERR_TWINFIRE_EVENT_TOO_LARGE'
  /** `tf.send()` targeted a pixel id that is not configured. */
  | 'ERR_TWINFIRE_UNKNOWN_PIXEL'
  /** The queue holds `maxQueue` undelivered events. */
  | 'ERR_TWINFIRE_QUEUE_FULL'
  /** `tf.send()` after `tf.close()`. */
  | 'ERR_TWINFIRE_CLOSED'
  /** `outbox: { sqlite }` without better-sqlite3 installed (or it failed to load). */
  | 'ERR_TWINFIRE_SQLITE_UNAVAILABLE'
  /** `outbox: { postgres: "postgres://..." }` without pg (node-postgres) installed (or it failed to load). */
  | 'ERR_TWINFIRE_POSTGRES_UNAVAILABLE'
  /** The PostgreSQL outbox's schema was migrated by a newer twinfire (upgrade every instance). */
  | 'ERR_TWINFIRE_OUTBOX_SCHEMA'
  /** A method argument with a wrong type or value (`intent()`, `forget()`, `retryDead()`). */
  | 'ERR_TWINFIRE_INVALID_ARGUMENT';

export class TwinfireError extends Error {
  override readonly name = 'TwinfireError';
  readonly code: TwinfireErrorCode;
  /** The option or event field at fault (`pixels[0].accessToken`, `user_data.em`), or `''`. */
  readonly field: string;

  constructor(code: TwinfireErrorCode, field: string, message: string) {
    super(`twinfire: ${message}`);
    this.code = code;
    this.field = field;
  }
}

export function isTwinfireError(value: unknown): value is TwinfireError {
  return value instanceof TwinfireError;
}
