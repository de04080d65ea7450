import { TwinfireError } from '../errors.js';

export function invalid(field: string, message: string): never {
  throw new TwinfireError('ERR_TWINFIRE_INVALID_OPTION', field, message);
}

/** A whole number in [min, max], or the default when absent. */
export function wholeNumber(field: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(field, `option \`${field}\` must be a whole number from ${min} to ${max}, got ${describe(value)}.`);
  }
  return value;
}

/** Like {@link wholeNumber}, also accepting `Infinity`. */
export function countOrInfinity(field: string, value: unknown, fallback: number, min: number): number {
  if (value === Infinity) return value;
  return wholeNumber(field, value, fallback, min);
}

export function optionalFunction<T>(field: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') invalid(field, `option \`${field}\` must be a function, got ${describe(value)}.`);
  return value as T;
}

export function path(field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\/[^\s?#]*$/.test(value)) {
    invalid(field, `option \`${field}\` must be a path starting with "/" and without a query string, such as "${fallback}", got ${describe(value)}.`);
  }
  return value;
}

/**
 * A value for a message, so the reader sees what was passed: numbers and booleans as they are, strings quoted,
 * other values by type. Never a string that could be a secret: one of more than 64 characters or starting with
 * `EAA` (Meta's access tokens do; a token pasted into the wrong option must not reach a log) is shown by its length.
 */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length > 64 || value.startsWith('EAA') ? `a string of ${value.length} characters` : JSON.stringify(value);
  return `a ${typeof value}`;
}
