import type { Observer } from '../mirror/create-tracker.js';

type Fbq = ((...args: unknown[]) => unknown) & { queue?: unknown; callMethod?: unknown } & Record<PropertyKey, unknown>;

/**
 * Returns `wrap(value)`, which puts the base code's fbq stub behind a Proxy (and returns a value that is
 * not a function, or is our proxy, unchanged). Why a Proxy, not a new function: fbevents.js never
 * replaces `window.fbq`, it adds callMethod (and more) to whatever object is there and drains its
 * `queue`. The apply trap sees (and stamps) every call, while property reads and writes go through to
 * the real stub, so fbevents.js' callMethod lands where the stub's own code looks for it. A property
 * holding the stub itself (`push`) reads as the Proxy, so `fbq.push(...)` is seen too.
 */
export function createFbqWrapper(observe: Observer) {
  // The last stub wrapped and its proxy: `fbq` and `_fbq` hold the same stub, so they get the same proxy
  // and fbevents.js' `fbq !== _fbq` check stays quiet.
  let stub: unknown;
  let proxy: unknown;
  return (value: unknown): unknown => {
    if (typeof value != 'function' || value == proxy) return value;
    if (value != stub) {
      const fbq = (stub = value) as Fbq;
      const wrapped: Fbq = new Proxy(fbq, {
        apply: (target, self, args) => Reflect.apply(target, self, observe(args) || args),
        // Read twice rather than kept in a variable (bytes): the stub's properties are plain values.
        get: (target, key) => (target[key] === target ? wrapped : target[key]),
      });
      proxy = wrapped;
      // Calls queued before we came: stamp and mirror each once, in place. Once fbevents.js runs
      // (callMethod set) the queue only holds what its consent gate holds back: we cannot know that
      // consent, so those are left alone.
      const queue = fbq.queue as unknown[] | undefined;
      if (!fbq.callMethod) {
        queue?.forEach((call, i) => {
          const args = observe(call as unknown[]);
          if (args) queue![i] = args;
        });
      }
    }
    return proxy;
  };
}
