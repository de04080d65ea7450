import type { DedupRule, EventRecord } from '../store/event-record.js';
import { BROWSER_PREFERENCE_MS, DEDUP_WINDOW_MS } from './dedup-windows.js';
import { exactKey, fallbackKeys } from './fallback-keys.js';

interface Group {
  /** Arrival of the first copy: the 48 h window runs from here. */
  firstAt: number;
  kept: EventRecord;
}

const SWEEP_EVERY = 1000;

/**
 * Meta's deduplication, applied in arrival order. No clock of its own: every decision uses the events'
 * `received_at`, so tests drive the 48 h and 5 min edges by choosing arrival times.
 *
 * - Exact rule: same pixel, event_name and event_id within 48 h of the first copy's arrival: the later copy
 *   is deduplicated, except that a browser copy arriving within 5 min of a kept server copy takes its place.
 * - Fallback: a server copy with the same pixel, event_name and fbp or external_id as an earlier, still
 *   unpaired browser copy (within 48 h) is deduplicated, when at least one of the two has no event_id.
 *   Never the other way round, and never between two server copies.
 */
export class DedupEngine {
  private readonly groups = new Map<string, Group>();
  private readonly browserByKey = new Map<string, EventRecord[]>();
  private readonly paired = new WeakSet<EventRecord>();
  private added = 0;

  /** Decides `event.status` and may demote an earlier server copy. Mutates the records it is given. */
  add(event: EventRecord): void {
    event.status = 'kept';
    if (++this.added % SWEEP_EVERY === 0) this.sweep(event.received_at);
    if (this.applyExactRule(event)) return;
    if (event.source === 'server') this.applyFallback(event);
    else this.indexBrowser(event);
  }

  /** Lets go of an event the store dropped. */
  forget(event: EventRecord): void {
    const key = exactKey(event);
    if (key && this.groups.get(key)?.kept === event) this.groups.delete(key);
    for (const { key: fallbackKey } of fallbackKeys(event)) {
      const list = this.browserByKey.get(fallbackKey);
      if (!list) continue;
      const rest = list.filter((candidate) => candidate !== event);
      if (rest.length > 0) this.browserByKey.set(fallbackKey, rest);
      else this.browserByKey.delete(fallbackKey);
    }
  }

  private applyExactRule(event: EventRecord): boolean {
    const key = exactKey(event);
    if (!key) return false;
    const group = this.groups.get(key);
    if (!group || event.received_at - group.firstAt > DEDUP_WINDOW_MS) {
      this.groups.set(key, { firstAt: event.received_at, kept: event });
      return false;
    }
    const kept = group.kept;
    const browserReplacesServer = kept.source === 'server' && event.source === 'browser' && event.received_at - kept.received_at <= BROWSER_PREFERENCE_MS;
    if (browserReplacesServer) {
      demote(kept, event, 'event_id');
      group.kept = event;
    } else {
      demote(event, kept, 'event_id');
    }
    if (kept.source !== event.source) this.paired.add(kept.source === 'browser' ? kept : event);
    return true;
  }

  private applyFallback(event: EventRecord): void {
    for (const { key, rule } of fallbackKeys(event)) {
      const candidates = this.browserByKey.get(key) ?? [];
      for (let i = candidates.length - 1; i >= 0; i--) {
        const browser = candidates[i]!;
        const usable =
          browser.status === 'kept' &&
          !this.paired.has(browser) &&
          !(browser.event_id && event.event_id) &&
          browser.received_at <= event.received_at &&
          event.received_at - browser.received_at <= DEDUP_WINDOW_MS;
        if (!usable) continue;
        demote(event, browser, rule);
        this.paired.add(browser);
        return;
      }
    }
  }

  private indexBrowser(event: EventRecord): void {
    for (const { key } of fallbackKeys(event)) {
      const list = this.browserByKey.get(key);
      if (list) list.push(event);
      else this.browserByKey.set(key, [event]);
    }
  }

  /** Drops windows that closed long ago, so memory stays bounded on a long run. */
  private sweep(now: number): void {
    for (const [key, group] of this.groups) {
      if (now - group.firstAt > DEDUP_WINDOW_MS) this.groups.delete(key);
    }
    for (const [key, list] of this.browserByKey) {
      const rest = list.filter((event) => now - event.received_at <= DEDUP_WINDOW_MS);
      if (rest.length > 0) this.browserByKey.set(key, rest);
      else this.browserByKey.delete(key);
    }
  }
}

function demote(loser: EventRecord, winner: EventRecord, rule: DedupRule): void {
  loser.status = 'deduplicated';
  loser.deduplicated_by = winner.seq;
  loser.dedup_rule = rule;
}
