import { LIMITS } from '../limits.js';
import { describe, type ErrorList } from './errors.js';

// Small readers shared by the payload and custom_data parsers. Each returns the clean value, or
// `undefined` after recording why the input was refused.

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const NUMERIC_STRING = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** A string up to `max` characters; finite numbers are accepted and turned into strings (`order_id: 42`). */
export function readString(errors: ErrorList, value: unknown, field: string, max: number = LIMITS.maxStringLength): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return errors.add('invalid_type', field, `must be a string, got ${describe(value)}`);
  if (value.length > max) return errors.add('too_long', field, `must be at most ${max} characters, got ${value.length}`);
  return value;
}

/** A single-line label (event name, id): no control characters. */
export function readLabel(errors: ErrorList, value: unknown, field: string, max: number): string | undefined {
  if (typeof value !== 'string') return errors.add('invalid_type', field, `must be a string, got ${describe(value)}`);
  if (value.length > max) return errors.add('too_long', field, `must be at most ${max} characters, got ${value.length}`);
  if (CONTROL_CHARS.test(value)) return errors.add('invalid_type', field, 'must not contain control characters');
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
