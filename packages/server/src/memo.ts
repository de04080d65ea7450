import { BoundedCache } from './fifo.js';

/**
 * A function of one string, remembered: the same visitor's user agent comes with each of its mirrors.
 * Bounded by entries (the oldest is forgotten first, O(1)) and by key length (longer keys are computed, not
 * kept), so a client sending a new value per request churns the memo but never grows it.
 */
export function boundedMemo<T>(compute: (key: string) => T, maxEntries: number, maxKeyLength = 256): (key: string) => T {
  const memo = new BoundedCache<T>(maxEntries);
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    if (memo.has(key)) return memo.get(key) as T;
    const value = compute(key);
    memo.set(key, value);
    return value;
  };
}
