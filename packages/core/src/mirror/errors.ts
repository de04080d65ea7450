import type { MirrorError, MirrorErrorCode } from './wire-format.js';

/** Keys that could reach `Object.prototype` if a consumer merged the payload carelessly: always refused. */
const FORBIDDEN_KEYS: ReadonlySet<string> = /*#__PURE__*/ new Set(['__proto__', 'constructor', 'prototype']);

/** Collects errors while a payload is read; stops collecting past a cap so a huge payload stays cheap. */
export class ErrorList {
  readonly items: MirrorError[] = [];

  add(code: MirrorErrorCode, field: string, message: string): undefined {
    if (this.items.length < 50) this.items.push({ code, field, message });
    return undefined;
  }

  /** True when `key` is safe; records a `forbidden_key` error otherwise. */
  safeKey(key: string, field: string): boolean {
    if (!FORBIDDEN_KEYS.has(key)) return true;
    this.add('forbidden_key', join(field, key), `"${key}" is not allowed as a key`);
    return false;
  }
}

export function join(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
