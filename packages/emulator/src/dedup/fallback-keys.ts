import { createHash } from 'node:crypto';
import type { EventRecord } from '../store/event-record.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * external_id compared in one form on both sides: a SHA-256 hex value as is, anything else hashed after
 * trimming and lowercasing (Meta recommends hashing external_id; the Pixel hashes it in the browser).
 */
export function canonicalExternalId(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return SHA256_HEX.test(trimmed) ? trimmed : createHash('sha256').update(trimmed).digest('hex');
}

function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string' && item.length > 0);
}

/** The keys under which the fbp / external_id fallback can find an event: one per fbp and external_id. */
export function fallbackKeys(event: EventRecord): { key: string; rule: 'fbp' | 'external_id' }[] {
  const base = `${event.pixel_id}\u0000${event.event_name}\u0000`;
  const userData = event.user_data ?? {};
  return [
    ...strings(userData['fbp']).map((fbp) => ({ key: `${base}fbp\u0000${fbp}`, rule: 'fbp' as const })),
    ...strings(userData['external_id']).map((id) => ({
      key: `${base}xid\u0000${canonicalExternalId(id)}`,
      rule: 'external_id' as const,
    })),
  ];
}

/** Key of the exact rule: same pixel, same event_name, same event_id (all case-sensitive). */
export function exactKey(event: EventRecord): string | undefined {
  if (event.event_id === undefined || event.event_id === '') return undefined;
  return `${event.pixel_id}\u0000${event.event_name}\u0000${event.event_id}`;
}
