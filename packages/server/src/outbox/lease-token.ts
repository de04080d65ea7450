import { randomBytes } from 'node:crypto';

/**
 * Lease tokens: a random owner id per outbox instance (so two processes on one file never mint the same
 * token) plus a counter. A token names one `lease()` call; acks carrying another token are stale.
 */
export function leaseTokens(): () => string {
  const owner = randomBytes(6).toString('hex');
  let next = 0;
  return () => `${owner}.${(next++).toString(36)}`;
}
