type Mirror = Record<string, unknown>;

/**
 * The body for mirrors sent together, in `@twinfire/core`'s batch form, `{"v":1,"events":[...], ...shared}`:
 * each field with the same value in every event (version, page URL, referrer, pixel ids, user data,
 * processing options, consent, often name and time) is written once, at the top level, as is `extra` (the
 * fbp/fbc of the batch). The server overlays each event on the shared fields: the same events. One mirror
 * has every field shared and no `events`: it goes as a plain single mirror. Throws what JSON.stringify
 * throws (circular params).
 */
export function batchBody(events: Mirror[], extra: unknown): string {
  const first = events[0]!;
  const shared: Mirror = {};
  // The same keys set to undefined, spread over each event: JSON.stringify leaves them out (bytes: no delete loop).
  const blank: Mirror = {};
  // Compared by reference: the tracker replaces its pixel ids, user data and processing options, never
  // mutates them, so equal state is the same object (params objects are each their own, and stay per event).
  for (const key in first) if (events.every((event) => event[key] === first[key])) (shared[key] = first[key]), (blank[key] = undefined);
  return JSON.stringify({ ...shared, ...(extra as object), events: events[1] && events.map((event) => ({ ...event, ...blank })) });
}
