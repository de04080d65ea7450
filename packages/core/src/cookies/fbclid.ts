import { buildFbc, isValidFbclid, parseFbCookie } from './fb-cookie.js';

/**
 * The `fbclid` query parameter of a URL (page URL or referrer), or `null`: also `null` when it holds
 * anything but the characters Meta issues (see {@link isValidFbclid}), so a forged click id is ignored
 * rather than put into an `fbc`. Works on any string without the WHATWG `URL` global, so it runs in every
 * JavaScript environment.
 */
export function extractFbclid(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  const hashStart = url.indexOf('#');
  const beforeHash = hashStart === -1 ? url : url.slice(0, hashStart);
  const queryStart = beforeHash.indexOf('?');
  if (queryStart === -1) return null;
  const query = beforeHash.slice(queryStart + 1);
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq) !== 'fbclid') continue;
    const raw = pair.slice(eq + 1);
    let value = raw;
    try {
      value = decodeURIComponent(raw.replace(/\+/g, ' '));
    } catch {
      // A stray `%` in the URL: the raw text, refused below.
    }
    return isValidFbclid(value) ? value : null;
  }
  return null;
}

export interface FbcForClickInput {
  /** The fbclid of the current click (see {@link extractFbclid}). */
  fbclid: string | null;
  /** The `_fbc` value the visitor already has, if any. */
  existing?: string | null;
  /** Now, in Unix milliseconds. */
  now: number;
  /** For a new value: the cookie domain's index (1 when made on a server without a cookie domain). */
  subdomainIndex?: number;
}

/**
 * The `_fbc` to use for a visit: a valid existing value stays untouched when it carries the same fbclid
 * (so the first click time is kept), a new value is minted only when the fbclid changes, and with no
 * fbclid the existing value (if valid) is returned. Returns `null` when there is nothing valid to use.
 */
export function fbcForClick({ fbclid, existing, now, subdomainIndex = 1 }: FbcForClickInput): string | null {
  const current = existing ? parseFbCookie(existing, 'fbc') : null;
  if (!fbclid) return current ? (existing as string) : null;
  if (current && current.payload === fbclid) return existing as string;
  try {
    return buildFbc(fbclid, now, subdomainIndex);
  } catch {
    return current ? (existing as string) : null;
  }
}
