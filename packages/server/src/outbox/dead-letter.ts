import type { LeaseRef } from './lease-ref.js';

// Dead letters: events set aside for good, kept visible with their reason and Meta's answer.

export type DeadReason = 'expired' | 'invalid' | 'retries_exhausted';
export const DEAD_REASONS: readonly DeadReason[] = ['expired', 'invalid', 'retries_exhausted'];

/** Meta's error for an `invalid` event; never contains the access token. */
export interface DeadError {
  code: number;
  error_subcode?: number;
  message: string;
  error_user_msg?: string;
  fbtrace_id?: string;
}

/** What the engine tells the outbox when it sets a leased event aside. */
export interface DeadMark extends LeaseRef {
  reason: DeadReason;
  error?: DeadError;
  /** When, ms. */
  at: number;
}

/** A dead letter as listed: identifiers, reason and Meta's answer. No customer data, no token. */
export interface DeadLetter {
  key: string;
  pixelId: string;
  event_name: string;
  event_id: string;
  /** The event's own time, Unix seconds. */
  event_time: number;
  reason: DeadReason;
  error?: DeadError;
  attempts: number;
  /** When it was set aside, ms. */
  at: number;
}

/** Every field optional; all given fields must match. */
export interface DeadLetterFilter {
  pixelId?: string;
  reason?: DeadReason;
  event_name?: string;
  event_id?: string;
  /** Most letters returned by `deadLetters()`. Default 1000. Ignored by `retryDead()`. */
  limit?: number;
}
