import { newEventId } from './new-event-id.js';

/** Where the `{eventID}` options object goes, by command: the 4th argument, the 5th for the Single variants. */
const OPTIONS_AT: Record<string, number> = { track: 3, trackCustom: 3, trackSingle: 4, trackSingleCustom: 4 };

/** A page event: its name, eventID, params, and the pixel of a trackSingle(Custom) (else every initialised pixel). */
export type OnEvent = (name: string, id: string, params: unknown, pixel?: string) => void;

/**
 * Looks at one fbq call, given as a fresh array (a copy of an `arguments` object or queue entry, because
 * an `arguments` object cannot grow). For an event command it reports the event to `onEvent`; when the
 * caller gave no eventID it writes a UUID v4 one into `call` in the right place (missing params filled
 * with `{}`) and returns true. A caller's eventID (0 included) is kept as is.
 */
export function stampCall(call: unknown[], onEvent: OnEvent): boolean | undefined {
  const at = OPTIONS_AT[call[0] as string]!;
  const name = call[at - 2];
  if (at && typeof name == 'string') {
    let id = (call[at] as { eventID?: unknown } | undefined)?.eventID;
    const stamp = !id && id !== 0;
    if (stamp) {
      call[at - 1] ||= {};
      id = newEventId();
      // No options object (the usual call): a literal, not a spread of undefined (slow in a cold call).
      call[at] = call[at] ? { ...(call[at] as object), eventID: id } : { eventID: id };
    }
    onEvent(name, String(id), call[at - 1], at > 3 ? String(call[1]) : undefined);
    return stamp;
  }
}
