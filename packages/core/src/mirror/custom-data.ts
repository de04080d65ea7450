import type { Content, CustomData } from '../events/server-event.js';
import { LIMITS } from '../limits.js';
import { describe, type ErrorList, isPlainObject, join } from './errors.js';
import { readArray, readNumber, readString } from './fields.js';
import { countNodes } from './node-budget.js';

const STRING_FIELDS = /*#__PURE__*/ new Set(['content_type', 'content_name', 'content_category', 'order_id', 'search_string', 'status', 'delivery_category']);
const NUMBER_FIELDS = /*#__PURE__*/ new Set(['predicted_ltv']);

/**
 * Reads `custom_data`: Meta's standard fields are type-checked and normalized (currency upper-cased,
 * numeric strings made numbers, content ids made strings); custom keys keep any JSON value within the
 * size and depth limits.
 */
export function readCustomData(errors: ErrorList, value: unknown, field: string): CustomData | undefined {
  if (!isPlainObject(value)) return errors.add('invalid_type', field, `must be an object, got ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length > LIMITS.maxCustomDataKeys) {
    return errors.add('too_many_items', field, `must have at most ${LIMITS.maxCustomDataKeys} keys, got ${keys.length}`);
  }
  const out: CustomData = {};
  for (const key of keys) {
    if (!errors.safeKey(key, field)) continue;
    const raw = value[key];
    const path = join(field, key);
    if (raw === undefined || raw === null) continue;
    let clean: unknown;
    if (key === 'value') clean = readNumber(errors, raw, path, 'invalid_value');
    else if (key === 'currency') clean = readCurrency(errors, raw, path);
    else if (key === 'num_items') clean = readCount(errors, raw, path);
    else if (key === 'content_ids') clean = readContentIds(errors, raw, path);
    else if (key === 'contents') clean = readContents(errors, raw, path);
    else if (STRING_FIELDS.has(key)) clean = readString(errors, raw, path);
    else if (NUMBER_FIELDS.has(key)) clean = readNumber(errors, raw, path);
    else clean = readCustomValue(errors, raw, path, 1, key);
    if (clean !== undefined) out[key] = clean;
  }
  // Each list and object is bounded on its own above; this bounds them together (the body limit bounds the work).
  if (countNodes(out, LIMITS.maxCustomDataNodes) > LIMITS.maxCustomDataNodes) {
    return errors.add('too_many_nodes', field, `must hold at most ${LIMITS.maxCustomDataNodes} values (objects, arrays and values at all levels)`);
  }
  return out;
}

function readCurrency(errors: ErrorList, value: unknown, field: string): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z]{3}$/.test(value.trim())) {
    return errors.add('invalid_currency', field, 'must be a 3-letter ISO 4217 code such as "EUR"');
  }
  return value.trim().toUpperCase();
}

function readCount(errors: ErrorList, value: unknown, field: string): number | undefined {
  const n = readNumber(errors, value, field);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0) return errors.add('invalid_number', field, 'must be a whole number ≥ 0');
  return n;
}

function readContentIds(errors: ErrorList, value: unknown, field: string): string[] | undefined {
  const list = readArray(errors, value, field);
  if (!list) return undefined;
  const ids: string[] = [];
  list.forEach((item, i) => {
    const id = readString(errors, item, join(field, i));
    if (id !== undefined) ids.push(id);
  });
  return ids;
}

function readContents(errors: ErrorList, value: unknown, field: string): Content[] | undefined {
  const list = readArray(errors, value, field);
  if (!list) return undefined;
  const contents: Content[] = [];
  // biome-ignore lint/suspicious/useIterableCallbackReturn: `return errors.add(...)` ends this item early; the value is not used
  list.forEach((item, i) => {
    const path = join(field, i);
    if (!isPlainObject(item)) return errors.add('invalid_type', path, `must be an object, got ${describe(item)}`);
    const line: Partial<Content> = {};
    for (const key of Object.keys(item)) {
      if (!errors.safeKey(key, path)) continue;
      const raw = item[key];
      if (raw === undefined || raw === null) continue;
      const at = join(path, key);
      const clean =
        key === 'id'
          ? readString(errors, raw, at)
          : key === 'quantity'
            ? readCount(errors, raw, at)
            : key === 'item_price'
              ? readNumber(errors, raw, at)
              : readCustomValue(errors, raw, at, 2, key);
      if (clean !== undefined) line[key] = clean;
    }
    if (line.id === undefined && !('id' in item)) errors.add('missing_field', join(path, 'id'), 'each content needs an id');
    else if (line.id !== undefined) contents.push(line as Content);
  });
  return contents;
}

/** Any JSON value within the limits; the key is checked for length here. */
function readCustomValue(errors: ErrorList, value: unknown, field: string, depth: number, key: string): unknown {
  if (key.length > 100) return errors.add('too_long', field, 'keys must be at most 100 characters');
  if (depth > LIMITS.maxCustomDataDepth) return errors.add('too_deep', field, `nesting deeper than ${LIMITS.maxCustomDataDepth} levels`);
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : errors.add('invalid_number', field, 'must be a finite number');
  if (typeof value === 'string') return readString(errors, value, field);
  if (Array.isArray(value)) {
    const list = readArray(errors, value, field);
    return list?.map((item, i) => readCustomValue(errors, item, join(field, i), depth + 1, String(i)));
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    if (keys.length > LIMITS.maxCustomDataKeys) return errors.add('too_many_items', field, `must have at most ${LIMITS.maxCustomDataKeys} keys`);
    for (const k of keys) {
      if (!errors.safeKey(k, field)) continue;
      const clean = readCustomValue(errors, value[k], join(field, k), depth + 1, k);
      if (clean !== undefined) out[k] = clean;
    }
    return out;
  }
  return errors.add('invalid_type', field, `unsupported value: ${describe(value)}`);
}
