import { batchBody } from './batch-body.js';
import { send } from './send.js';

type Mirror = Record<string, unknown>;

/**
 * Takes the network off the fbq call: the mirrors of one task are queued and posted together once the task
 * is over, in order, in as few bodies as they fit (see batchBody). `shared()` gives, in one read, fields
 * for every event of the batch (the fbp/fbc cookies). Returns the function that queues one mirror.
 *
 * The flush is a `setTimeout(0)` task, not a microtask: a microtask runs inside the caller's task, so a
 * click handler calling fbq would still pay for the beacon (about 1 ms of main thread each in Chromium)
 * before the browser can paint; its own task keeps that time out of the handler, and also gathers the calls
 * of consecutive inline scripts. Scheduling it costs 5 to 13 µs in Chromium, once per task.
 *
 * A body holds at most 50 events (the server's limit) and about 16 KB, so one burst cannot fill Chromium's
 * 64 KB keepalive quota on its own. `pagehide` and the page turning hidden flush at once (with a keepalive
 * fetch as fallback), so a navigation right after a call loses nothing.
 */
export function createQueue(endpoint: string, log: (...data: unknown[]) => unknown, shared: () => unknown): (mirror: Mirror) => void {
  const queue: Mirror[] = [];
  // A listener passes its event, which is truthy: "unloading", to flush and on to send.
  const flush = (unload?: unknown) => {
    const events = queue.splice(0);
    const extra = events[0] && shared();
    // Sends `events` in one body, or in two halves, each sent the same way, when they are more than 50, or
    // the body is over 16,000 characters (48 KB even at 3 bytes a character: under the server's 64 KB), or
    // it cannot be encoded: a mirror JSON cannot encode (circular params) ends up alone, and only it is
    // dropped (logged). What sendBeacon throws (a malformed endpoint) is logged the same way, per event.
    const post = (events: Mirror[]): unknown => {
      try {
        const body = !events[50] && batchBody(events, extra);
        if (!events[1] || (body as string).length < 16e3) return (log(body), send(endpoint, body as string, log, unload));
      } catch (error) {
        if (!events[1]) return log(error);
      }
      post(events.splice(0, events.length >> 1));
      post(events);
    };
    if (events[0]) post(events);
  };
  // visibilitychange is fired at the document and bubbles to window (bytes: no `document.`). Turning visible
  // flushes too, harmlessly (bytes: no `document.hidden` check): the queue is empty or due anyway.
  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', flush);
  return (mirror) => {
    queue.push(mirror) < 2 && setTimeout(flush);
  };
}
