/**
 * A UUID v4. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost); on a plain-HTTP page the
 * id is built from `crypto.getRandomValues`, one random byte per hex digit of the template. Written here
 * rather than imported from `uuid` (bytes: its v4 ships options, a lookup table and an error message the
 * script never needs; the script-tag budget paid for the late-tag warning).
 */
const uuid = (): string =>
  crypto.randomUUID?.() ??
  // The template's digits say what each one becomes: 1 a random hex digit, 4 the version, 8 the variant
  // (8, 9, a or b). `c ^ random & (15 >> c / 4)` keeps 4, 2 or 0 random bits over the digit; for 0 and 1
  // all four bits are random.
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));

// The next eventID, made ahead of its call (see makeSpareEventId): an array, so taking it empties it.
let spare: string[] = [];

/**
 * A fresh eventID: the one made ahead, else a new UUID. Making a UUID is the dearest step of an fbq call
 * (about 10 µs of main thread in Chromium in the task after a beacon, against under 1 µs to take a spare).
 */
export const newEventId = (): string => spare.pop() || uuid();

/**
 * Makes the next eventID now, off the fbq call path: the tracker calls it in each flush task, so a lone
 * call (a click, a page view) takes an id already made. One is kept (an unused one is replaced): a burst
 * pays for the rest.
 */
export const makeSpareEventId = (): void => {
  spare = [uuid()];
};
