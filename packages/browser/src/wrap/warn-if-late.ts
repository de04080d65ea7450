/**
 * Says once, in every mode (not only debug), that the tag came too late: fbevents.js already runs (it sets
 * `callMethod` on the stub; the base code alone never does), so events it sent before us have no twin,
 * and on a first visit that is often the PageView. Naming the fix is the point of the message. Once:
 * install() returns before this for a second tag.
 */
export function warnIfLate(fbq: unknown): void {
  if ((fbq as { callMethod?: unknown } | undefined)?.callMethod) {
    console.warn("[twinfire] loaded after fbevents.js, early events have no twin: use baseCode: true, or the tag before Meta's base code, not async/defer");
  }
}
