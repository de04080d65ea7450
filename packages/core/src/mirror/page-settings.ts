import { describe, type ErrorList, isPlainObject, join } from './errors.js';
import { readArray, readLabel, readNumber, readString } from './fields.js';
import { MIRROR_USER_DATA_KEYS, type MirrorDataProcessing, type MirrorUserData } from './wire-format.js';

// The two nested objects of a mirror that come from fbq calls other than the event itself:
// `init`'s advanced matching and `dataProcessingOptions`.

export function readUserData(errors: ErrorList, value: unknown): MirrorUserData | undefined {
  if (!isPlainObject(value)) return errors.add('invalid_type', 'user_data', `must be an object, got ${describe(value)}`);
  const out: MirrorUserData = {};
  for (const key of Object.keys(value)) {
    if (!errors.safeKey(key, 'user_data')) continue;
    // Keys the Pixel does not know are ignored, as the Pixel ignores them.
    if (!(MIRROR_USER_DATA_KEYS as readonly string[]).includes(key)) continue;
    const raw = value[key];
    const field = join('user_data', key);
    if (raw === null || raw === undefined || raw === '') continue;
    if (Array.isArray(raw)) {
      const list = readArray(errors, raw, field, 10);
      const strings = list?.map((item, i) => readString(errors, item, join(field, i))).filter((s): s is string => !!s);
      if (strings && strings.length > 0) out[key as keyof MirrorUserData] = strings;
    } else {
      const text = readString(errors, raw, field);
      if (text) out[key as keyof MirrorUserData] = text;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function readDataProcessing(errors: ErrorList, value: unknown): MirrorDataProcessing | undefined {
  const field = 'data_processing_options';
  if (!isPlainObject(value)) return errors.add('invalid_type', field, `must be an object, got ${describe(value)}`);
  const out: MirrorDataProcessing = { options: [] };
  for (const key of Object.keys(value)) {
    if (!errors.safeKey(key, field)) continue;
    const at = join(field, key);
    if (key === 'options') {
      const list = readArray(errors, value.options, at, 5);
      list?.forEach((item, i) => {
        const option = readLabel(errors, item, join(at, i), 20);
        if (option !== undefined) out.options.push(option);
      });
    } else if (key === 'country' || key === 'state') {
      const n = readNumber(errors, value[key], at);
      if (n !== undefined && !Number.isInteger(n)) errors.add('invalid_number', at, 'must be a whole number');
      else if (n !== undefined) out[key] = n;
    } else {
      errors.add('unknown_field', at, `unknown field "${key.slice(0, 64)}"`);
    }
  }
  return out;
}
