import { isbot } from 'isbot';
import { boundedMemo } from '../memo.js';

/** isbot's verdict per user agent, remembered (a visitor's user agent comes with each of its mirrors). */
const judge = boundedMemo(isbot, 5_000, 512);

/**
 * Bots are not customers. Meta's fbevents.js, with the bot blocking a pixel's config may turn on, sends no hit
 * for such a visitor (its list includes `HeadlessChrome/`), so a server twin would be a server-only event Meta
 * counts and cannot deduplicate. Mirrors are judged by their `User-Agent` with isbot, one precompiled pattern
 * (about 2 µs a call): crawlers, link previews, monitoring, HTTP libraries, headless and automated browsers.
 * Real browsers, Facebook's and Instagram's in-app ones included, pass. A missing user agent is not judged here.
 */
export function isBotUserAgent(userAgent: string | undefined): boolean {
  return userAgent !== undefined && judge(userAgent);
}
