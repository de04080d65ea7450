/** Meta keeps the first copy's arrival as the start of a 48 h deduplication window. */
export const DEDUP_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Browser and server copies arriving this close together: Meta keeps the browser one. */
export const BROWSER_PREFERENCE_MS = 5 * 60 * 1000;
