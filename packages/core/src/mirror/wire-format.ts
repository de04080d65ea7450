import { type CustomData, HASHED_USER_DATA_KEYS, type HashedUserDataKey, type UserData } from '../events/server-event.js';

/** The wire format version this build of `@twinfire/core` writes and reads. */
export const MIRROR_VERSION = 1;

/**
 * Advanced-matching data the page passed to `fbq('init', pixel, data)`: plain or already SHA-256 hashed.
 * The server normalizes and hashes plain values. Keys other than these are ignored (the Pixel ignores them too).
 */
export type MirrorUserData = Pick<UserData, HashedUserDataKey>;

/** The advanced-matching keys a mirror may carry: exactly the keys Meta wants hashed. */
export const MIRROR_USER_DATA_KEYS = HASHED_USER_DATA_KEYS;

/** Limited Data Use as the page declared it with `fbq('dataProcessingOptions', options, country, state)`. */
export interface MirrorDataProcessing {
  options: string[];
  country?: number;
  state?: number;
}

/**
 * One browser event as the browser script sends it to the site's own endpoint (version 1).
 * Field names follow Meta's where one exists. See the package README for every rule.
 */
export interface MirrorPayload {
  v: typeof MIRROR_VERSION;
  /** The Pixel event name, exactly as passed to fbq (case-sensitive). */
  event_name: string;
  /** The Pixel `eventID`: the dedup key. 1-128 characters. */
  event_id: string;
  /** Unix seconds. */
  event_time: number;
  /** The page URL (http or https). */
  event_source_url: string;
  /** `document.referrer`, when there is one. */
  referrer?: string;
  custom_data?: CustomData;
  /** `_fbp` cookie; only valid values are sent. */
  fbp?: string;
  /** `_fbc` cookie; only valid values are sent. */
  fbc?: string;
  /** Pixels the event was sent to (all initialised ones, or the one of a trackSingle). Absent: let the server decide. */
  pixel_ids?: string[];
  /** Advanced matching passed to `fbq('init', …)`. */
  user_data?: MirrorUserData;
  /** The page's consent state when the event happened. Absent means the page never said. */
  consent?: 'granted' | 'denied';
  data_processing_options?: MirrorDataProcessing;
}

/** One precise problem with a payload. `field` is a dotted path (`custom_data.contents.3.id`). */
export interface MirrorError {
  code: MirrorErrorCode;
  field: string;
  message: string;
}

export type MirrorErrorCode =
  | 'invalid_json'
  | 'invalid_payload'
  | 'invalid_batch'
  | 'unsupported_version'
  | 'missing_field'
  | 'invalid_type'
  | 'unknown_field'
  | 'forbidden_key'
  | 'invalid_event_name'
  | 'invalid_event_id'
  | 'invalid_event_time'
  | 'event_too_old'
  | 'event_in_future'
  | 'invalid_url'
  | 'invalid_value'
  | 'invalid_currency'
  | 'invalid_number'
  | 'too_long'
  | 'too_many_items'
  | 'too_deep'
  | 'too_many_nodes'
  | 'invalid_fbp'
  | 'invalid_fbc'
  | 'invalid_pixel_id'
  | 'invalid_consent';

export type MirrorParseResult = { ok: true; payload: MirrorPayload } | { ok: false; errors: MirrorError[] };

export interface MirrorParseOptions {
  /** Now, in Unix milliseconds (default `Date.now()`): inject it in tests. */
  now?: number;
  /** Oldest accepted event_time, in seconds before now. Default 7 days (Meta's limit). */
  maxAgeSeconds?: number;
  /** Accepted clock skew into the future, in seconds. Default 300. */
  maxFutureSkewSeconds?: number;
}
