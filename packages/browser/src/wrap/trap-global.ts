/**
 * Puts a get/set accessor on `window[name]` so that whatever is assigned to it later is wrapped. Why:
 * installed before the base code, a plain `window.fbq` would make the snippet's `if(f.fbq)return;` stop and
 * fbevents.js would never load; the getter answers undefined until the snippet assigns its stub, which the
 * setter wraps. Configurable, so the page can still redefine it.
 */
export function trapGlobal(name: string, wrap: (value: unknown) => unknown): void {
  const global = window as unknown as Record<string, unknown>;
  let value = wrap(global[name]);
  try {
    Object.defineProperty(global, name, { configurable: true, get: () => value, set: (next) => void (value = wrap(next)) });
  } catch {
    // A `var fbq` declaration made it non-configurable: a plain assignment still wraps the current value.
    global[name] = value;
  }
}
