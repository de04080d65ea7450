import { createHash } from 'node:crypto';
import { HASHED_USER_DATA_KEYS, type HashedUserDataKey, type UserData } from '@twinfire/core';
import { ParamBuilder, PII_DATA_TYPE, type PiiDataType } from 'capi-param-builder-nodejs';
import { BoundedCache } from '../fifo.js';

/**
 * Normalization and SHA-256 come from Meta's own Parameter Builder (`capi-param-builder-nodejs`), so a value
 * hashed here is byte for byte what Meta's reference produces — including its 8-character appendix
 * (`<sha256>.<appendix>`), which Meta accepts and uses to recognise Parameter Builder output.
 */
const builder = new ParamBuilder();

const TYPES: Record<HashedUserDataKey, PiiDataType> = {
  em: PII_DATA_TYPE.EMAIL,
  ph: PII_DATA_TYPE.PHONE,
  fn: PII_DATA_TYPE.FIRST_NAME,
  ln: PII_DATA_TYPE.LAST_NAME,
  ge: PII_DATA_TYPE.GENDER,
  db: PII_DATA_TYPE.DATE_OF_BIRTH,
  ct: PII_DATA_TYPE.CITY,
  st: PII_DATA_TYPE.STATE,
  zp: PII_DATA_TYPE.ZIP_CODE,
  country: PII_DATA_TYPE.COUNTRY,
  external_id: PII_DATA_TYPE.EXTERNAL_ID,
};

/** 64 hex characters, optionally followed by a Parameter Builder appendix (2 or 8 base64url characters). */
const ALREADY_HASHED = /^([0-9a-fA-F]{64})(\.(?:[A-Za-z0-9_-]{2}|[A-Za-z0-9_-]{8}))?$/;
const SHA256_OUTPUT = /^[0-9a-f]{64}(?:\.[A-Za-z0-9_-]{2,8})?$/;
const MD5_OUTPUT = /^[0-9a-f]{32}(?:\.[A-Za-z0-9_-]{2,8})?$/;

/**
 * Whether the Parameter Builder's answer may go to Meta. It takes any 32 hex characters for an MD5 and passes
 * them on lower-cased, not re-hashed — as the Pixel's own identity plugin does (`/^[A-Fa-f0-9]{64}$|^[A-Fa-f0-9]{32}$/`
 * in both). For `external_id` that is kept, so a UUID without dashes, a common shop customer id, matches the
 * browser's copy (Meta takes any id format there). The other keys must be SHA-256 for Meta, and one event it
 * refuses sinks its whole batch, so there such a value is left out.
 */
function sendable(key: HashedUserDataKey, out: string): boolean {
  return SHA256_OUTPUT.test(out) || (key === 'external_id' && MD5_OUTPUT.test(out));
}

/** At most this many values per key (Meta accepts arrays; the mirror format allows 10). */
const MAX_VALUES = 10;

/**
 * One value for one key: already hashed values pass through (hex lower-cased, appendix kept as is); plain
 * values are normalized and hashed; values that normalize to nothing (`"not an email"`) give `undefined`.
 * A 32-hex `external_id` passes through like a hash (see {@link sendable}).
 */
export function hashValue(key: HashedUserDataKey, value: string): string | undefined {
  // Remembered by a digest of the value, so the memo holds no raw personal data.
  const digest = createHash('sha256').update(key).update('\u0000').update(value).digest('base64');
  if (remembered.has(digest)) return remembered.get(digest);
  const out = computeHash(key, value);
  remembered.set(digest, out);
  return out;
}

/**
 * The last 10 000 results, by SHA-256 of key and value: Meta's normalization and its appendix cost several
 * µs per value, and a visitor sends the same email with every event. Bounded, oldest forgotten first.
 */
const remembered = new BoundedCache<string | undefined>(10_000);

function computeHash(key: HashedUserDataKey, value: string): string | undefined {
  const trimmed = value.trim();
  const hashed = ALREADY_HASHED.exec(trimmed);
  if (hashed) return hashed[1]!.toLowerCase() + (hashed[2] ?? '');
  if (trimmed === '') return undefined;
  let out: string | null;
  try {
    out = builder.getNormalizedAndHashedPII(value, TYPES[key]);
  } catch {
    return undefined;
  }
  return out && sendable(key, out) ? out : undefined;
}

function isHashedKey(key: string): key is HashedUserDataKey {
  return (HASHED_USER_DATA_KEYS as readonly string[]).includes(key);
}

/**
 * A copy of `user_data` with every customer-information key (em ph fn ln ge db ct st zp country external_id)
 * normalized and hashed. Other keys (client_ip_address, client_user_agent, fbp, fbc, ...) are copied untouched,
 * as Meta requires. Arrays keep at most 10 distinct hashes; a single hash is sent as a string.
 */
export function hashUserData(userData: UserData): UserData {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(userData)) {
    if (raw === undefined || raw === null || raw === '') continue;
    if (!isHashedKey(key)) {
      out[key] = raw;
      continue;
    }
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const hashes = [...new Set(values.map((v) => hashValue(key, v)).filter((h): h is string => h !== undefined))].slice(0, MAX_VALUES);
    if (hashes.length === 1) out[key] = hashes[0];
    else if (hashes.length > 1) out[key] = hashes;
  }
  return out as UserData;
}
