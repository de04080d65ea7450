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
    invalid(field, `option \`${field}\` must be a path starting with "/" and without a query string, such as "${fallback}".`);
  }
  return value;
}

/** Type and shape of a value for a message; never the value itself (it could be a secret). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return `a ${typeof value}`;
}
