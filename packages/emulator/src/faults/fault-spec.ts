import { isPlainObject } from '../graph/formats.js';
import type { MetaErrorBody } from '../store/event-record.js';

/**
 * One scripted answer of the events endpoint. Matching: `pixelId`, `eventId`, `eventIndex` (all optional)
 * narrow which requests it hits. Lifetime: `times` requests (default 1), or every matching request for
 * `forMs` ms, or — for `eventId` faults — until cleared. Effect: wait `delayMs`, then drop the connection
 * (`drop`), answer with an error (`status` and/or `error`), or (delay only) answer normally.
 * `endpoint` says which Graph endpoint it answers for: `events` (default) or `dataset_quality` (where
 * `pixelId` matches the `dataset_id`).
 */
export interface FaultSpec {
  status?: number;
  error?: Partial<MetaErrorBody>;
  times?: number;
  forMs?: number;
  eventId?: string | string[];
  eventIndex?: number;
  pixelId?: string;
  delayMs?: number;
  drop?: boolean;
  endpoint?: FaultEndpoint;
}

export type FaultEndpoint = 'events' | 'dataset_quality';
const ENDPOINTS: readonly string[] = ['events', 'dataset_quality'];

const FIELDS = ['status', 'error', 'times', 'forMs', 'eventId', 'eventIndex', 'pixelId', 'delayMs', 'drop', 'endpoint'];

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1;
const isDuration = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Reads the body of `POST /_emulator/faults`: one fault object or a list. Throws a readable message. */
export function parseFaults(input: unknown): FaultSpec[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((item, i) => parseFault(item, list.length > 1 ? `fault ${i}` : 'fault'));
}

function parseFault(item: unknown, where: string): FaultSpec {
  if (!isPlainObject(item)) throw new Error(`${where} must be an object such as {"times": 3, "status": 500, "error": {"code": 2}}`);
  for (const key of Object.keys(item)) {
    if (!FIELDS.includes(key)) throw new Error(`${where}: unknown field "${key}"; known fields: ${FIELDS.join(', ')}`);
  }
  const spec = item as FaultSpec;
  const check = (ok: boolean, message: string): void => {
    if (!ok) throw new Error(`${where}: ${message}`);
  };
  check(
    spec.status === undefined || (Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599),
    'status must be an HTTP status from 200 to 599',
  );
  check(
    spec.error === undefined || (isPlainObject(spec.error) && Number.isInteger(spec.error.code)),
    'error must be an object with an integer code, e.g. {"code": 4}',
  );
  check(spec.times === undefined || isCount(spec.times), 'times must be a positive integer');
  check(spec.forMs === undefined || (isDuration(spec.forMs) && spec.forMs > 0), 'forMs must be a positive number of milliseconds');
  check(spec.times === undefined || spec.forMs === undefined, 'use times or forMs, not both');
  check(
    spec.eventId === undefined || typeof spec.eventId === 'string' || (Array.isArray(spec.eventId) && spec.eventId.every((id) => typeof id === 'string')),
    'eventId must be a string or an array of strings',
  );
  check(spec.eventIndex === undefined || (Number.isInteger(spec.eventIndex) && spec.eventIndex >= 0), 'eventIndex must be an integer >= 0');
  check(spec.pixelId === undefined || typeof spec.pixelId === 'string', 'pixelId must be a string');
  check(spec.delayMs === undefined || isDuration(spec.delayMs), 'delayMs must be a number of milliseconds >= 0');
  check(spec.drop === undefined || typeof spec.drop === 'boolean', 'drop must be true or false');
  check(spec.endpoint === undefined || ENDPOINTS.includes(spec.endpoint), `endpoint must be one of ${ENDPOINTS.join(', ')}`);
  check(!(spec.drop && (spec.status !== undefined || spec.error !== undefined)), 'drop closes the connection: it cannot also have a status or an error');
  check(
    spec.drop === true || spec.status !== undefined || spec.error !== undefined || spec.delayMs !== undefined,
    'a fault needs an effect: status, error, delayMs or drop',
  );
  return spec;
}
