/**
 * Counts the JSON nodes (objects, arrays and leaf values) of a value, stopping as soon as the count passes
 * `max`: the cost of checking a hostile payload is bounded by the budget, not by the payload. Deep nesting
 * is walked with an explicit stack, so it cannot overflow the call stack either.
 */
export function countNodes(value: unknown, max: number): number {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const node = stack.pop();
    if (++count > max) return count;
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
    } else {
      // biome-ignore lint/suspicious/noPrototypeBuiltins: core targets ES2020 (browsers without Object.hasOwn)
      for (const key in node) if (Object.prototype.hasOwnProperty.call(node, key)) stack.push((node as Record<string, unknown>)[key]);
    }
    if (stack.length > max) return max + 1;
  }
  return count;
}
