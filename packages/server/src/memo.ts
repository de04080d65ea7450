/**
 * A function of one string, remembered: the same visitor's email, phone and user agent come with every
 * event, and hashing or matching them again is most of what they cost. Bounded by entries (the oldest is
 * forgotten first, O(1)) and by key length (longer keys are computed, not kept), so a client sending a new
 * value per request churns the memo but never grows it.
 */
export function boundedMemo<T>(compute: (key: string) => T, maxEntries: number, maxKeyLength = 256): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    if (key.length > maxKeyLength) return compute(key);
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as T;
    const value = compute(key);
    if (memo.size >= maxEntries) memo.delete(memo.keys().next().value as string);
    memo.set(key, value);
    return value;
  };
}
