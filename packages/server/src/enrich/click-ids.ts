import { buildFbp, extractFbclid, fbcForClick, isValidFbc, isValidFbp, subdomainIndexFor } from '@twinfire/core';
import { serializeCookie } from './cookies.js';

const NINETY_DAYS_S = 90 * 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The day (days since 1970, UTC) twinfire last set the cookies for this browser. With it, `_fbp`/`_fbc` are
 * re-issued at most once a day, or when a value changes, not on every mirror: a Set-Cookie per mirror made
 * the page's next cookie reads slower.
 */
export const REISSUE_MARK_COOKIE = '_twc';

export interface ClickIdInput {
  payloadFbp?: string | undefined;
  payloadFbc?: string | undefined;
  cookies: Record<string, string>;
  /** The page URL and referrer: where an `fbclid` may be. */
  urls: (string | undefined)[];
  now: number;
  /** Cookie domain, or `undefined` for host-only cookies. */
  domain: string | undefined;
  hostname: string;
  secure: boolean;
  /** Re-issue cookies (and mint a missing `_fbp`). */
  reissue: boolean;
}

export interface ClickIds {
  fbp?: string;
  fbc?: string;
  /** `Set-Cookie` header values to send back. */
  setCookies: string[];
  /** The `_fbp` was made here because the visitor had none. */
  mintedFbp: boolean;
}

/**
 * `fbp`/`fbc` for the server event: the payload's values (the Pixel's own), else the request's cookies;
 * an `fbc` from an `fbclid` in the page URL or referrer when none exists, keeping the first click time for
 * the same fbclid; a new `_fbp` when the visitor has none. Valid values are re-issued as first-party,
 * server-set cookies (90 days), which Safari does not cap at 7 days as it caps script-written ones.
 */
export function resolveClickIds(input: ClickIdInput): ClickIds {
  const index = input.domain ? subdomainIndexFor(input.domain) : input.hostname.includes('.') ? 1 : 0;
  const cookieFbp = isValidFbp(input.cookies._fbp) ? input.cookies._fbp : undefined;
  const cookieFbc = isValidFbc(input.cookies._fbc) ? input.cookies._fbc : undefined;
  let fbp = input.payloadFbp ?? cookieFbp;
  let mintedFbp = false;
  if (!fbp && input.reissue) {
    fbp = buildFbp(input.now, index);
    mintedFbp = true;
  }
  const fbclid = input.urls.map(extractFbclid).find((id): id is string => !!id) ?? null;
  const fbc = fbcForClick({ fbclid, existing: input.payloadFbc ?? cookieFbc ?? null, now: input.now, subdomainIndex: index }) ?? undefined;

  const setCookies: string[] = [];
  if (input.reissue) {
    const attributes = { maxAgeSeconds: NINETY_DAYS_S, secure: input.secure, ...(input.domain ? { domain: input.domain } : {}) };
    const today = String(Math.floor(input.now / DAY_MS));
    const doneToday = input.cookies[REISSUE_MARK_COOKIE] === today;
    for (const [name, value] of [
      ['_fbp', fbp],
      ['_fbc', fbc],
    ] as const) {
      if (!value || (doneToday && input.cookies[name] === value)) continue;
      const line = serializeCookie(name, value, attributes);
      if (line) setCookies.push(line);
    }
    if (setCookies.length > 0 && !doneToday) setCookies.push(serializeCookie(REISSUE_MARK_COOKIE, today, attributes)!);
  }
  const out: ClickIds = { setCookies, mintedFbp };
  if (fbp) out.fbp = fbp;
  if (fbc) out.fbc = fbc;
  return out;
}
