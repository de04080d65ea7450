import { createHash } from 'node:crypto';
import { matchKeys } from '../graph/match-keys.js';
import type { NewEvent } from '../store/event-store.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const NUMERIC_FIELDS = new Set(['value', 'num_items', 'predicted_ltv']);

/** Advanced-matching values arrive as the page gave them; store only their SHA-256, like the Pixel sends. */
function hashed(value: string): string {
  const normalized = value.trim().toLowerCase();
  return SHA256_HEX.test(normalized) ? normalized : createHash('sha256').update(normalized).digest('hex');
}

/** `cd[contents]=[{...}]`: objects and arrays travel as JSON; a few fields are numbers. */
function customValue(key: string, raw: string): unknown {
  if (raw.startsWith('[') || raw.startsWith('{')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (NUMERIC_FIELDS.has(key) && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  return raw;
}

export interface HitContext {
  userAgent?: string;
  ip?: string;
  receivedAt: number;
}

/** A `/tr` hit (`id`, `ev`, `eid`, `cd[...]`, `ud[...]`, `fbp`, `fbc`, `dl`, `ts`) as a browser event, or undefined when it has no pixel id or event name. */
export function readHit(query: URLSearchParams, ctx: HitContext): NewEvent | undefined {
  const pixelId = query.get('id');
  const eventName = query.get('ev');
  if (!pixelId || !eventName) return undefined;
  const customData: Record<string, unknown> = {};
  const userData: Record<string, unknown> = {};
  for (const [name, value] of query) {
    const field = /^(cd|ud)\[([^\]]+)\]$/.exec(name);
    if (!field) continue;
    if (field[1] === 'cd') customData[field[2]!] = customValue(field[2]!, value);
    else if (value !== '') userData[field[2]!] = hashed(value);
  }
  for (const key of ['fbp', 'fbc'] as const) {
    const value = query.get(key);
    if (value) userData[key] = value;
  }
  if (ctx.userAgent) userData['client_user_agent'] = ctx.userAgent;
  if (ctx.ip) userData['client_ip_address'] = ctx.ip.replace(/^::ffff:/, '');
  const ts = Number(query.get('ts'));
  const eventId = query.get('eid');
  const url = query.get('dl');
  return {
    pixel_id: pixelId,
    event_name: eventName,
    ...(eventId ? { event_id: eventId } : {}),
    source: 'browser',
    received_at: ctx.receivedAt,
    match_keys: matchKeys(userData),
    action_source: 'website',
    event_time: Math.floor((Number.isFinite(ts) && ts > 0 ? ts : ctx.receivedAt) / 1000),
    ...(url ? { event_source_url: url } : {}),
    custom_data: customData,
    user_data: userData,
  };
}
