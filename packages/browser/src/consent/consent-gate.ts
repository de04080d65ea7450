export type Consent = 'granted' | 'denied';

/**
 * Holds work while consent is denied, as the Pixel holds its events, and runs it in order on grant.
 * Starts denied when consent is required, else unknown (open). Returns `[run, set, state]`: a tuple, not
 * an object, because property names survive minification and cost bytes.
 */
export function createConsentGate(required: boolean) {
  let state: Consent | undefined = required ? 'denied' : undefined;
  const held: Array<() => void> = [];
  const set = (next: Consent | undefined) => {
    state = next;
    // splice(0) empties the list and hands back what was in it.
    // biome-ignore lint/suspicious/useIterableCallbackReturn: what work() returns is not used; forEach minifies smallest
    if (next != 'denied') held.splice(0).forEach((work) => work());
  };
  /** Runs `work` now when consent is not denied, else once it is granted (`held` is empty unless denied). */
  const run = (work: () => void) => (state == 'denied' ? held.push(work) : work());
  return [run, set, () => state] as const;
}
