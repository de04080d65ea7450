import { LIMITS } from '../limits.js';
import { describe, type ErrorList } from './errors.js';

// Small readers shared by the payload and custom_data parsers. Each returns the clean value, or
// `undefined` after recording why the input was refused.

/** Control characters (Unicode Cc: C0, DEL and C1). */
const CONTROL_CHARS = /\p{Cc}/u;
/**
 * What an event name may not hold: controls (Cc), invisible format characters (Cf: zero-width U+200B-U+200D,
 * word joiner U+2060, BOM U+FEFF, soft hyphen, bidi controls U+202A-U+202E and U+2066-U+2069...), lone
 * surrogate halves (Cs), line and paragraph separators (Zl, Zp), and every space but the plain U+0020 (Zs).
 * Meta takes a name as written: "Purchase" + U+200B became a custom event of its own, counted apart.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
const NUMERIC_STRING = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** A string up to `max` characters; finite numbers are accepted and turned into strings (`order_id: 42`). */
export function readString(errors: ErrorList, value: unknown, field: string, max: number = LIMITS.maxStringLength): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return readText(errors, value, field, max);
}

/** A single-line label (an id): a string of at most `max` characters, no control characters. */
export function readLabel(errors: ErrorList, value: unknown, field: string, max: number): string | undefined {
  const text = readText(errors, value, field, max);
  if (text !== undefined && CONTROL_CHARS.test(text)) return errors.add('invalid_type', field, 'must not contain control characters');
  return text;
}

/** An event name: at most `max` printable characters (see `NOT_PRINTABLE`), not blank; else `invalid_event_name`. */
export function readEventName(errors: ErrorList, value: unknown, field: string, max: number): string | undefined {
  const text = readText(errors, value, field, max);
  if (text === undefined) return undefined;
  if (NOT_PRINTABLE.test(text)) {
    return errors.add(
      'invalid_event_name',
      field,
      'must hold printable characters only: no control, invisible (zero-width, bidi) or separator characters, no space but U+0020',
    );
  }
  if (text.trim() === '') return errors.add('invalid_event_name', field, 'must not be empty');
  return text;
}

function readText(errors: ErrorList, value: unknown, field: string, max: number): string | undefined {
  if (typeof value !== 'string') return errors.add('invalid_type', field, `must be a string, got ${describe(value)}`);
  if (value.length > max) return errors.add('too_long', field, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

/**
 * A finite number. Numeric strings (`"19.99"`) are accepted and converted, because pages often pass
 * them to fbq and the Pixel accepts them; anything else (NaN, Infinity, `"12 EUR"`) is refused.
 */
export function readNumber(errors: ErrorList, value: unknown, field: string, code: 'invalid_value' | 'invalid_number' = 'invalid_number'): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && NUMERIC_STRING.test(value.trim())) return Number(value.trim());
  return errors.add(code, field, `must be a finite number, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : describe(value)}`);
}

/** An array of at most `max` items. */
export function readArray(errors: ErrorList, value: unknown, field: string, max: number = LIMITS.maxArrayLength): unknown[] | undefined {
  if (!Array.isArray(value)) return errors.add('invalid_type', field, `must be an array, got ${describe(value)}`);
  if (value.length > max) return errors.add('too_many_items', field, `must have at most ${max} items, got ${value.length}`);
  return value;
}

/** `http:` or `https:` URL text. */
export function readUrl(errors: ErrorList, value: unknown, field: string): string | undefined {
  const text = readString(errors, value, field, LIMITS.maxUrlLength);
  if (text === undefined) return undefined;
  if (!/^https?:\/\/[^\s/?#]+/i.test(text)) return errors.add('invalid_url', field, 'must be an absolute http(s) URL');
  return text;
}
