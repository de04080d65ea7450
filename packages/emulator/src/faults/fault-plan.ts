import { defaultStatus, metaError } from '../graph/meta-error.js';
import type { MetaErrorBody } from '../store/event-record.js';
import type { FaultEndpoint, FaultSpec } from './fault-spec.js';

/** What the request in hand has, for matching. */
export interface FaultTarget {
  /** Default `events`. */
  endpoint?: FaultEndpoint;
  pixelId: string;
  /** event_id of each event, by index (undefined where absent). */
  eventIds: (string | undefined)[];
}

/** What to do with a request a fault matched. */
export interface FaultAction {
  delayMs: number;
  drop: boolean;
  /** An error to answer with; undefined means "answer normally" (a pure delay). */
  response?: { status: number; body: { error: MetaErrorBody } };
}

interface Entry {
  spec: FaultSpec;
  remaining: number;
  expiresAt?: number;
}

/** The scripted faults, consumed in order: each request takes the first one that matches it. */
export class FaultPlan {
  private entries: Entry[] = [];

  add(specs: FaultSpec[], now: number): void {
    for (const spec of specs) {
      const entry: Entry = { spec, remaining: spec.times ?? (spec.forMs !== undefined || spec.eventId !== undefined ? Infinity : 1) };
      if (spec.forMs !== undefined) entry.expiresAt = now + spec.forMs;
      this.entries.push(entry);
    }
  }

  clear(): void {
    this.entries = [];
  }

  /** The pending faults, for `GET /_emulator/faults`. */
  list(now: number): (FaultSpec & { remaining: number | null; expires_at?: number })[] {
    this.expire(now);
    return this.entries.map(({ spec, remaining, expiresAt }) => ({
      ...spec,
      remaining: Number.isFinite(remaining) ? remaining : null,
      ...(expiresAt !== undefined ? { expires_at: expiresAt } : {}),
    }));
  }

  /** Finds the fault for this request and uses up one of its times. */
  take(target: FaultTarget, now: number): FaultAction | undefined {
    this.expire(now);
    for (const entry of this.entries) {
      const index = matchIndex(entry.spec, target);
      if (index === false) continue;
      if (--entry.remaining <= 0) this.entries = this.entries.filter((other) => other !== entry);
      return toAction(entry.spec, index, target);
    }
    return undefined;
  }

  private expire(now: number): void {
    this.entries = this.entries.filter((entry) => entry.expiresAt === undefined || now < entry.expiresAt);
  }
}

/** false: no match; a number: the event index the fault is about; undefined: the request as a whole. */
function matchIndex(spec: FaultSpec, target: FaultTarget): number | undefined | false {
  if ((spec.endpoint ?? 'events') !== (target.endpoint ?? 'events')) return false;
  if (spec.pixelId !== undefined && spec.pixelId !== target.pixelId) return false;
  if (spec.eventId !== undefined) {
    const wanted = Array.isArray(spec.eventId) ? spec.eventId : [spec.eventId];
    const index = target.eventIds.findIndex((id) => id !== undefined && wanted.includes(id));
    return index === -1 ? false : index;
  }
  if (spec.eventIndex !== undefined) return target.eventIds.length > spec.eventIndex ? spec.eventIndex : false;
  return undefined;
}

function toAction(spec: FaultSpec, index: number | undefined, target: FaultTarget): FaultAction {
  const action: FaultAction = { delayMs: spec.delayMs ?? 0, drop: spec.drop === true };
  if (spec.status === undefined && spec.error === undefined) return action;
  const code = spec.error?.code ?? codeForStatus(spec.status!);
  const fields = { ...spec.error };
  if (index !== undefined && fields.error_user_msg === undefined) {
    const id = target.eventIds[index];
    const subcode = fields.error_subcode !== undefined ? `, subcode ${fields.error_subcode}` : '';
    fields.error_user_msg = `Event ${index}${id !== undefined ? ` (event_id ${id})` : ''}: rejected by an injected fault (code ${code}${subcode}).`;
  }
  const error = metaError(code, fields);
  action.response = { status: spec.status ?? defaultStatus(code), body: { error } };
  return action;
}

function codeForStatus(status: number): number {
  if (status >= 500) return 2;
  if (status === 429) return 4;
  if (status === 401) return 190;
  if (status === 403) return 10;
  return 100;
}
