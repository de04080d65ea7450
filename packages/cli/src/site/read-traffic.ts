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

/**
 * The mirrors in a POST body: JSON `{"v":1,"event_name":..,"event_id":..}`, or an array of them, or
 * `{"events":[...]}` (a batch form).
 */
export function readMirrors(body: string | undefined): { event_name: string; event_id: string }[] {
  if (!body) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) && Array.isArray(parsed.events) ? parsed.events : [parsed];
  const out: { event_name: string; event_id: string }[] = [];
  for (const item of list) {
    if (isObject(item) && item.v === 1 && typeof item.event_name === 'string' && typeof item.event_id === 'string') {
      out.push({ event_name: item.event_name, event_id: item.event_id });
    }
  }
  return out;
}

/** Status, `queued` and `reason` of the endpoint's answer, onto each mirror of the request. */
export function answerMirrors(mirrors: MirrorSeen[], status: number, body: string | undefined): void {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  for (const mirror of mirrors) {
    mirror.status = status;
    if (isObject(parsed)) {
      if (typeof parsed.queued === 'number') mirror.queued = parsed.queued;
      if (typeof parsed.reason === 'string') mirror.reason = parsed.reason;
      const error = parsed.error;
      if (isObject(error) && typeof error.code === 'string' && mirror.reason === undefined) mirror.reason = error.code;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
