import type { MirrorSeen, PixelHit } from './types.js';

/**
 * A Pixel hit: a request to a path `/tr` or `/tr/` with `id` and `ev`, in the query string or in a POST body
 * (urlencoded or multipart). `eid` is the eventID.
 */
export function readPixelHit(url: string, body: string | undefined, contentType: string | undefined): PixelHit | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.pathname !== '/tr' && parsed.pathname !== '/tr/') return undefined;
  const fields = new Map<string, string>();
  for (const [k, v] of parsed.searchParams) if (!fields.has(k)) fields.set(k, v);
  if (body) for (const [k, v] of bodyFields(body, contentType)) if (!fields.has(k)) fields.set(k, v);
  const id = fields.get('id');
  const ev = fields.get('ev');
  if (!id || !ev) return undefined;
  const hit: PixelHit = { pixel_id: id, event_name: ev };
  const eid = fields.get('eid');
  if (eid) hit.event_id = eid;
  return hit;
}

function bodyFields(body: string, contentType: string | undefined): [string, string][] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const marker = boundary ? `--${boundary[1] ?? boundary[2]}` : /^--\S+/.exec(body)?.[0];
  if (marker && body.startsWith(marker)) {
    const out: [string, string][] = [];
    for (const part of body.split(marker)) {
      const match = /name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n?$/.exec(part);
      if (match) out.push([match[1]!, match[2]!]);
    }
    return out;
  }
  try {
    return [...new URLSearchParams(body)];
  } catch {
    return [];
  }
}

/** Each mirror's place in its body's `events`, for its answer in `results` (events without an id are skipped). */
const positions = new WeakMap<object, number>();

/**
 * The mirrors in a POST body: one JSON mirror `{"v":1,"event_name":..,"event_id":..}`, or the batch form
 * `{"v":1, ...shared, "events":[...]}` that the script sends for the events of one task (each event is the
 * shared fields overlaid with its own, as the server reads it), in order.
 */
export function readMirrors(body: string | undefined): { event_name: string; event_id: string }[] {
  if (!body) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  let list: unknown[] = [parsed];
  if (isObject(parsed) && Array.isArray(parsed.events)) {
    const { events, ...shared } = parsed;
    list = (events as unknown[]).map((item) => (isObject(item) ? { ...shared, ...item } : item));
  }
  const out: { event_name: string; event_id: string }[] = [];
  list.forEach((item, index) => {
    if (isObject(item) && item.v === 1 && typeof item.event_name === 'string' && typeof item.event_id === 'string') {
      const mirror = { event_name: item.event_name, event_id: item.event_id };
      positions.set(mirror, index);
      out.push(mirror);
    }
  });
  return out;
}

/**
 * Status, `queued` and `reason` of the endpoint's answer onto each mirror of the request: a batch is answered
 * event by event (`results[i]`, in the body's order), a single mirror as a whole.
 */
export function answerMirrors(mirrors: MirrorSeen[], status: number, body: string | undefined): void {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const results = isObject(parsed) && Array.isArray(parsed.results) ? parsed.results : undefined;
  mirrors.forEach((mirror, index) => {
    const answer = results ? results[positions.get(mirror) ?? index] : parsed;
    mirror.status = results && isObject(answer) && typeof answer.status === 'number' ? answer.status : status;
    if (!isObject(answer)) return;
    if (typeof answer.queued === 'number') mirror.queued = answer.queued;
    if (typeof answer.reason === 'string') mirror.reason = answer.reason;
    const error = answer.error;
    if (isObject(error) && typeof error.code === 'string' && mirror.reason === undefined) mirror.reason = error.code;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
