import { LIMITS } from '../limits.js';
import { describe, ErrorList, isPlainObject } from './errors.js';
import { MIRROR_VERSION, type MirrorError } from './wire-format.js';

/**
 * Several mirrors in one body (wire format v1), as the browser script sends the events of one task:
 * `{ "v": 1, "events": [ {...}, {...} ], ...shared }`. Every top-level field other than `v` and `events` is
 * shared: each event is the shared fields overlaid with its own, then validated exactly like a single mirror
 * (`parseMirrorPayload`). Up to `LIMITS.maxBatchEvents` events.
 */
export type MirrorBatchResult = { ok: true; events: Record<string, unknown>[] } | { ok: false; errors: MirrorError[] };

/** True for a body in the batch form (an object with an `events` key), before any other check. */
export function isMirrorBatch(value: unknown): value is Record<string, unknown> {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: core targets ES2020 (browsers without Object.hasOwn)
  return isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, 'events');
}

/**
 * Turns a batch into its single mirrors (plain objects, still to be validated one by one). Refuses what is
 * not a batch as a whole: a wrong `v`, `events` that is not a list of 1 to `maxBatchEvents` objects.
 */
export function expandMirrorBatch(value: Record<string, unknown>): MirrorBatchResult {
  const errors = new ErrorList();
  if (value.v !== MIRROR_VERSION) {
    errors.add('unsupported_version', 'v', `unsupported wire format version ${JSON.stringify(value.v ?? null)}; this server reads v${MIRROR_VERSION}`);
    return { ok: false, errors: errors.items };
  }
  const list = value.events;
  if (!Array.isArray(list) || list.length === 0) {
    errors.add('invalid_batch', 'events', `events must be a non-empty list of mirrors, got ${describe(list)}`);
    return { ok: false, errors: errors.items };
  }
  if (list.length > LIMITS.maxBatchEvents) {
    errors.add('too_many_items', 'events', `a batch holds at most ${LIMITS.maxBatchEvents} events, got ${list.length}`);
    return { ok: false, errors: errors.items };
  }
  const shared: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key !== 'events' && errors.safeKey(key, '')) shared[key] = value[key];
  }
  const events: Record<string, unknown>[] = [];
  list.forEach((item, index) => {
    // Own keys only; a forbidden key is caught by the mirror's own validation.
    if (isPlainObject(item)) events.push({ ...shared, ...item });
    else errors.add('invalid_batch', `events.${index}`, `each event must be an object, got ${describe(item)}`);
  });
  if (errors.items.length > 0) return { ok: false, errors: errors.items };
  return { ok: true, events };
}
