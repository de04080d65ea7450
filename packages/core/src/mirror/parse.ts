import { isValidFbc, isValidFbp } from '../cookies/fb-cookie.js';
import { LIMITS } from '../limits.js';
import { PIXEL_ID } from '../pixel-id.js';
import { readCustomData } from './custom-data.js';
import { describe, ErrorList, isPlainObject, join } from './errors.js';
import { readArray, readEventName, readLabel, readString, readUrl } from './fields.js';
import { readDataProcessing, readUserData } from './page-settings.js';
import { MIRROR_VERSION, type MirrorParseOptions, type MirrorParseResult, type MirrorPayload } from './wire-format.js';

type Reader = (errors: ErrorList, value: unknown, out: Partial<MirrorPayload>, options: Required<MirrorParseOptions>) => void;

/**
 * Every top-level field of the v1 wire format and how to read it. Unknown fields are REJECTED
 * (`unknown_field`): the payload is written by our own script, versioned by `v`, so an unknown field is a
 * bug or an attack, and refusing it keeps typos from silently dropping data.
 */
const FIELDS: Record<string, Reader> = {
  v: () => undefined, // checked first, see below
  event_name(errors, value, out) {
    const name = readEventName(errors, value, 'event_name', LIMITS.maxEventNameLength);
    if (name !== undefined) out.event_name = name;
  },
  event_id(errors, value, out) {
    const id = readLabel(errors, value, 'event_id', LIMITS.maxEventIdLength);
    if (id === undefined) return;
    if (id.trim() === '') return void errors.add('invalid_event_id', 'event_id', 'must be a non-empty string');
    out.event_id = id;
  },
  event_time(errors, value, out, options) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      return void errors.add('invalid_event_time', 'event_time', 'must be a positive whole number of Unix seconds');
    }
    if (value > 1e11) return void errors.add('invalid_event_time', 'event_time', 'looks like milliseconds; send Unix seconds');
    const now = Math.floor(options.now / 1000);
    if (value < now - options.maxAgeSeconds) {
      return void errors.add('event_too_old', 'event_time', `is more than ${options.maxAgeSeconds} seconds in the past`);
    }
    if (value > now + options.maxFutureSkewSeconds) {
      return void errors.add('event_in_future', 'event_time', `is more than ${options.maxFutureSkewSeconds} seconds in the future`);
    }
    out.event_time = value;
  },
  event_source_url(errors, value, out) {
    const url = readUrl(errors, value, 'event_source_url');
    if (url !== undefined) out.event_source_url = url;
  },
  referrer(errors, value, out) {
    const text = readString(errors, value, 'referrer', LIMITS.maxUrlLength);
    if (text) out.referrer = text;
  },
  custom_data(errors, value, out) {
    const data = readCustomData(errors, value, 'custom_data');
    if (data !== undefined) out.custom_data = data;
  },
  fbp(errors, value, out) {
    if (!isValidFbp(value)) return void errors.add('invalid_fbp', 'fbp', 'must be fb.<index>.<creation ms>.<random>[.<appendix>]');
    out.fbp = value;
  },
  fbc(errors, value, out) {
    if (!isValidFbc(value)) return void errors.add('invalid_fbc', 'fbc', 'must be fb.<index>.<creation ms>.<fbclid>[.<appendix>]');
    out.fbc = value;
  },
  pixel_ids(errors, value, out) {
    const list = readArray(errors, value, 'pixel_ids', LIMITS.maxPixelIds);
    if (!list) return;
    const ids: string[] = [];
    // biome-ignore lint/suspicious/useIterableCallbackReturn: `return void ...` ends this item early
    list.forEach((id, i) => {
      if (typeof id !== 'string' || !PIXEL_ID.test(id)) {
        return void errors.add('invalid_pixel_id', join('pixel_ids', i), 'pixel ids are strings of digits');
      }
      if (!ids.includes(id)) ids.push(id);
    });
    out.pixel_ids = ids;
  },
  user_data(errors, value, out) {
    const data = readUserData(errors, value);
    if (data) out.user_data = data;
  },
  consent(errors, value, out) {
    if (value !== 'granted' && value !== 'denied') return void errors.add('invalid_consent', 'consent', 'must be "granted" or "denied"');
    out.consent = value;
  },
  data_processing_options(errors, value, out) {
    const dpo = readDataProcessing(errors, value);
    if (dpo) out.data_processing_options = dpo;
  },
};

const REQUIRED = ['event_name', 'event_id', 'event_time', 'event_source_url'] as const;

/**
 * Validates a mirror payload (a JSON string, or an already-parsed value) and returns either the clean,
 * typed payload or every problem found, each with a stable `code`, the `field` path and a message.
 * The returned payload is a fresh object: nothing of the input's prototype chain or unknown keys survives.
 */
export function parseMirrorPayload(input: unknown, options: MirrorParseOptions = {}): MirrorParseResult {
  const resolved: Required<MirrorParseOptions> = {
    now: options.now ?? Date.now(),
    maxAgeSeconds: options.maxAgeSeconds ?? LIMITS.maxEventAgeSeconds,
    maxFutureSkewSeconds: options.maxFutureSkewSeconds ?? LIMITS.maxFutureSkewSeconds,
  };
  const errors = new ErrorList();
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      errors.add('invalid_json', '', 'body is not valid JSON');
      return { ok: false, errors: errors.items };
    }
  }
  if (!isPlainObject(value)) {
    errors.add('invalid_payload', '', `payload must be a JSON object, got ${describe(value)}`);
    return { ok: false, errors: errors.items };
  }
  if (value.v !== MIRROR_VERSION) {
    errors.add('unsupported_version', 'v', `unsupported wire format version ${JSON.stringify(value.v ?? null)}; this server reads v${MIRROR_VERSION}`);
    return { ok: false, errors: errors.items };
  }

  const out: Partial<MirrorPayload> = { v: MIRROR_VERSION };
  for (const key of Object.keys(value)) {
    if (!errors.safeKey(key, '')) continue;
    // biome-ignore lint/suspicious/noPrototypeBuiltins: core targets ES2020 (browsers without Object.hasOwn)
    const reader = Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key] : undefined;
    if (!reader) {
      errors.add('unknown_field', key, `unknown field "${key.slice(0, 64)}" in a v${MIRROR_VERSION} payload`);
      continue;
    }
    const raw = value[key];
    if (raw === null || raw === undefined) continue;
    reader(errors, raw, out, resolved);
  }
  for (const key of REQUIRED) {
    if (value[key] === undefined || value[key] === null) errors.add('missing_field', key, `${key} is required`);
  }
  if (out.event_name === 'Purchase' && out.custom_data) requirePurchaseFields(errors, out.custom_data);
  else if (out.event_name === 'Purchase' && value.custom_data == null) requirePurchaseFields(errors, {});

  if (errors.items.length > 0) return { ok: false, errors: errors.items };
  return { ok: true, payload: out as MirrorPayload };
}

/** Meta rejects a Purchase without value and currency; catching it here keeps the error near its cause. */
function requirePurchaseFields(errors: ErrorList, data: Record<string, unknown>): void {
  if (data.value === undefined && !errors.items.some((e) => e.field === 'custom_data.value')) {
    errors.add('missing_field', 'custom_data.value', 'Purchase needs a value');
  }
  if (data.currency === undefined && !errors.items.some((e) => e.field === 'custom_data.currency')) {
    errors.add('missing_field', 'custom_data.currency', 'Purchase needs a currency');
  }
}
