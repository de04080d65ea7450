import type { ServerEvent } from '@twinfire/core';
import type { VisitorKey } from './outbox.js';

// The visitor key (what consent revocation and `forget()` purge by): the browser id `fbp`, and the hashed
// `external_id` and `em` values of the event's user_data. Stored per event as one `\n`-framed string, so a
// purge is a token match (`\nxid:<hash>`, see visitorTokens) in both outboxes, whatever the number of values.

/** `\n`-framed `xid:`/`em:` tokens of an event, or `''`. (`fbp` is kept apart: it has its own index.) */
export function identityTokens(event: ServerEvent): string {
  const user = (event.user_data ?? {}) as Record<string, unknown>;
  const tokens = [...values(user.external_id).map((v) => `xid:${v}`), ...values(user.em).map((v) => `em:${v}`)];
  return tokens.length === 0 ? '' : `\n${tokens.join('\n')}\n`;
}

export function fbpOf(event: ServerEvent): string | undefined {
  const fbp = (event.user_data as Record<string, unknown> | undefined)?.fbp;
  return typeof fbp === 'string' && fbp !== '' ? fbp : undefined;
}

/** A SHA-256 in hex, as the start of a hashed value (`<hex>` or `<hex>.<appendix>`). */
const SHA256_HEX = /^[0-9a-f]{64}(?=\.|$)/;

/**
 * The tokens a visitor key matches in {@link identityTokens}. A hash matches with or without a Parameter
 * Builder appendix: `forget({ email })` hashes to `<hex>.<appendix>`, while an `em` that arrived already
 * hashed is stored as bare `<hex>`. So a hash gives the prefix `\nem:<hex>`, which 64 hex characters keep
 * exact (the next character is `.` or the frame's `\n`); any other value must match its whole token.
 */
export function visitorTokens(visitor: VisitorKey): string[] {
  const out: string[] = [];
  for (const [kind, value] of [
    ['xid', visitor.external_id],
    ['em', visitor.em],
  ] as const) {
    if (!value) continue;
    const hex = SHA256_HEX.exec(value)?.[0];
    out.push(hex ? `\n${kind}:${hex}` : `\n${kind}:${value}\n`);
  }
  return out;
}

export function matchesVisitor(event: ServerEvent, visitor: VisitorKey): boolean {
  if (visitor.fbp !== undefined && fbpOf(event) === visitor.fbp) return true;
  const tokens = identityTokens(event);
  return visitorTokens(visitor).some((token) => tokens.includes(token));
}

function values(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * The same identity as a set of exact keys, for an index (the PostgreSQL outbox's GIN array): a hash is kept
 * as its 64 hex characters (`em:<hex>`, appendix dropped), any other value whole. {@link visitorLookupKeys}
 * gives a visitor's keys the same way, so an equality of keys is the token match of {@link visitorTokens}.
 */
export function visitorKeysOf(event: ServerEvent): string[] {
  const user = (event.user_data ?? {}) as Record<string, unknown>;
  return [...values(user.external_id).map((v) => exactKey('xid', v)), ...values(user.em).map((v) => exactKey('em', v))];
}

/** A visitor's keys, matching {@link visitorKeysOf}. */
export function visitorLookupKeys(visitor: VisitorKey): string[] {
  const out: string[] = [];
  if (visitor.external_id) out.push(exactKey('xid', visitor.external_id));
  if (visitor.em) out.push(exactKey('em', visitor.em));
  return out;
}

function exactKey(kind: 'xid' | 'em', value: string): string {
  return `${kind}:${SHA256_HEX.exec(value)?.[0] ?? value}`;
}
