import type { DeadLetter, DeadLetterFilter, DeadReason } from './outbox.js';
import { DEAD_REASONS } from './outbox.js';

export const DEFAULT_DEAD_LIMIT = 1000;

/** Whether a dead letter matches every field the filter gives. */
export function matchesFilter(letter: DeadLetter, filter: DeadLetterFilter): boolean {
  return (
    (filter.pixelId === undefined || letter.pixelId === filter.pixelId) &&
    (filter.reason === undefined || letter.reason === filter.reason) &&
    (filter.event_name === undefined || letter.event_name === filter.event_name) &&
    (filter.event_id === undefined || letter.event_id === filter.event_id)
  );
}

export function emptyReasonCounts(): Record<DeadReason, number> {
  return Object.fromEntries(DEAD_REASONS.map((r) => [r, 0])) as Record<DeadReason, number>;
}

export function limitOf(filter: DeadLetterFilter | undefined): number {
  const limit = filter?.limit;
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : DEFAULT_DEAD_LIMIT;
}
