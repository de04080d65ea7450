import type { ServerEvent } from '@twinfire/core';
import type { VisitorKey } from './outbox.js';
import { fbpOf, identityTokens, visitorTokens } from './visitor-key.js';

// Purge by visitor without a scan: held events are indexed by terms of their visitor key. The terms of an
// event are the segments of its `\n`-framed identity tokens (`xid:<value>`, `em:<value>`), cut to
// `<kind>:<hex>` when they start with a SHA-256, plus `\n<fbp>` (a segment never holds a `\n`). A visitor
// token (see visitorTokens) can only stand at the start of a segment, whose term is the token's own: so the
// candidates of a visitor include every event it matches, and matchesVisitor settles the few others.

const HASHED = /^(?:xid|em):[0-9a-f]{64}/;
const term = (segment: string): string => HASHED.exec(segment)?.[0] ?? segment;
const fbpTerm = (fbp: string): string => `\n${fbp}`;

/**
 * The terms an event is indexed under: computed once, and kept with it so that removing it needs no parse. One
 * term (the common case: a visitor's fbp) is the string itself, with no array to hold it.
 */
export type Terms = string | readonly string[];

export function visitorTerms(event: ServerEvent): Terms {
  const terms = new Set(
    identityTokens(event)
      .split('\n')
      .filter((segment) => segment !== '')
      .map(term),
  );
  const fbp = fbpOf(event);
  if (fbp !== undefined) terms.add(fbpTerm(fbp));
  if (terms.size === 1) return terms.values().next().value!;
  return terms.size === 0 ? NO_TERMS : [...terms];
}

const each = (terms: Terms): readonly string[] => (typeof terms === 'string' ? [terms] : terms);

/** Shared by every event without a visitor key. */
const NO_TERMS: readonly string[] = [];

/**
 * Event keys by visitor term: O(terms) to add or remove an event, O(candidates) to look a visitor up. A term
 * held by one event (the common case: one browser's fbp) maps to that key alone; a `Set` only from the second.
 */
export class VisitorIndex {
  private readonly byTerm = new Map<string, string | Set<string>>();

  add(key: string, terms: Terms): void {
    for (const t of each(terms)) {
      const keys = this.byTerm.get(t);
      if (keys === undefined) this.byTerm.set(t, key);
      else if (typeof keys === 'string') this.byTerm.set(t, new Set([keys, key]));
      else keys.add(key);
    }
  }

  remove(key: string, terms: Terms): void {
    for (const t of each(terms)) {
      const keys = this.byTerm.get(t);
      if (keys === key) this.byTerm.delete(t);
      else if (typeof keys === 'object' && keys.delete(key) && keys.size === 1) this.byTerm.set(t, keys.values().next().value!);
    }
  }

  /** The keys of the events that may match the visitor: all that do, and maybe a few that do not. */
  candidates(visitor: VisitorKey): string[] {
    const terms = visitorTokens(visitor).map((token) => term(token.slice(1).split('\n')[0]!));
    if (visitor.fbp !== undefined) terms.push(fbpTerm(visitor.fbp));
    const out = new Set<string>();
    for (const t of terms) {
      const keys = this.byTerm.get(t);
      if (typeof keys === 'string') out.add(keys);
      else for (const key of keys ?? []) out.add(key);
    }
    return [...out];
  }
}
