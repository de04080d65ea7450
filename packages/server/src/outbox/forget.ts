import { TwinfireError } from '../errors.js';
import { hashValue } from '../hashing/hash-user-data.js';
import type { Runtime } from '../runtime.js';
import { DEAD_REASONS, type DeadLetterFilter, type VisitorKey } from './outbox.js';

/** Who `tf.forget()` deletes: any of these identifies the visitor. Plain or already hashed. */
export interface ForgetVisitor {
  /** The `_fbp` cookie value. */
  fbp?: string;
  /** Your customer id, as given to `userData` / `send()` (hashed here the same way). */
  external_id?: string;
  /** The email address (normalized and hashed here). */
  email?: string;
}

/** `tf.forget(visitor)`: hashes like the pipeline does, then purges the outbox. */
export async function forget(rt: Runtime, input: ForgetVisitor): Promise<number> {
  const visitor: VisitorKey = {};
  if (typeof input === 'object' && input !== null) {
    if (typeof input.fbp === 'string' && input.fbp !== '') visitor.fbp = input.fbp;
    const xid = typeof input.external_id === 'string' ? hashValue('external_id', input.external_id) : undefined;
    if (xid) visitor.external_id = xid;
    const em = typeof input.email === 'string' ? hashValue('em', input.email) : undefined;
    if (em) visitor.em = em;
  }
  if (Object.keys(visitor).length === 0) {
    throw new TwinfireError('ERR_TWINFIRE_INVALID_ARGUMENT', 'visitor', 'forget() needs at least one of fbp, external_id or email (a non-empty string).');
  }
  const purged = await rt.config.outbox.purge(visitor);
  rt.counters.purged += purged;
  return purged;
}

/** Validates a dead-letter filter (a typo in a field name would otherwise match everything). */
export function checkFilter(filter: DeadLetterFilter | undefined): DeadLetterFilter {
  if (filter === undefined) return {};
  const known = ['pixelId', 'reason', 'event_name', 'event_id', 'limit'];
  const bad = typeof filter !== 'object' || filter === null ? 'filter' : Object.keys(filter).find((k) => !known.includes(k));
  if (bad) throw new TwinfireError('ERR_TWINFIRE_INVALID_ARGUMENT', bad, `a dead-letter filter takes ${known.join(', ')}; got \`${bad}\`.`);
  if (filter.reason !== undefined && !DEAD_REASONS.includes(filter.reason)) {
    throw new TwinfireError('ERR_TWINFIRE_INVALID_ARGUMENT', 'reason', `reason must be one of ${DEAD_REASONS.join(', ')}.`);
  }
  return filter;
}
