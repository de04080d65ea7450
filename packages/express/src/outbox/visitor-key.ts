import type { ServerEvent } from '@twinfire/core';
import type { VisitorKey } from './outbox.js';

// The visitor key (what consent revocation and `forget()` purge by): the browser id `fbp`, and the hashed
// `external_id` and `em` values of the event's user_data. Stored per event as one `\n`-framed string, so a
// purge is an exact token match (`\nxid:<hash>\n`) in both outboxes, whatever the number of values.

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

/** The framed tokens a visitor key matches in {@link identityTokens}. */
export function visitorTokens(visitor: VisitorKey): string[] {
  const out: string[] = [];
  if (visitor.external_id) out.push(`\nxid:${visitor.external_id}\n`);
  if (visitor.em) out.push(`\nem:${visitor.em}\n`);
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
