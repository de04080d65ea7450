/**
 * `_fbp` / `_fbc` values: `fb.<subdomainIndex>.<creationTimeMs>.<payload>[.<appendix>]`.
 * Parsing is strict so that a malformed value (a raw fbclid, seconds instead of milliseconds, an empty
 * segment) is caught here rather than rejected by Meta (2804001); a valid value is never altered.
 */
export type FbCookieKind = 'fbp' | 'fbc';

export interface FbCookie {
  /** Labels of the cookie's domain minus one: `com` 0, `example.com` 1, `www.example.com` 2. */
  subdomainIndex: number;
  /** Unix time in milliseconds when the value was first created. */
  creationTime: number;
  /** `_fbp`: a random integer. `_fbc`: the fbclid, unmodified. */
  payload: string;
  /** Meta Parameter Builder's optional 5th segment (2 or 8 base64url characters), passed on as is. */
  appendix?: string;
}

/**
 * An fbclid as Meta issues it: base64url characters only (`IwAR2F4-dbP0...`, `IwZXh0bgNhZW0...aem_...`),
 * at most 500. Nothing else may reach an `fbc`: not a dot (the separator), white space, controls or
 * invisible characters, and no text Meta's own validator would refuse (2804001).
 */
const FBCLID = /^[A-Za-z0-9_-]{1,500}$/;

/**
 * A whole value in one pattern per kind (one test, nothing allocated, to check one; these run several times
 * per mirror): `fb`, the index (0-99, no leading zero), the creation time in milliseconds (13 digits: 2001 to
 * 2286; 10 digits, seconds, is the classic mistake), the payload (`_fbp`: 1 to 20 digits; `_fbc`: the
 * fbclid), then Meta Parameter Builder's optional appendix (2 or 8 base64url characters).
 */
const cookiePattern = (payload: string) => new RegExp(`^fb\\.(0|[1-9][0-9]?)\\.([1-9][0-9]{12})\\.(${payload})(?:\\.([A-Za-z0-9_-]{2}|[A-Za-z0-9_-]{8}))?$`);
// The fbc payload is FBCLID's pattern, written again: deriving it from FBCLID.source cost the script tag 10 bytes.
const PATTERNS = { fbp: cookiePattern('[0-9]{1,20}'), fbc: cookiePattern('[A-Za-z0-9_-]{1,500}') };

/** A string short enough to be a value at all (longer ones are refused before any pattern runs). */
const sized = (value: unknown): value is string => typeof value === 'string' && value.length <= 600;

/** Splits a value into its parts, or `null` when it is not in Meta's format for that cookie. */
export function parseFbCookie(value: unknown, kind: FbCookieKind): FbCookie | null {
  const parts = sized(value) ? PATTERNS[kind].exec(value) : null;
  if (!parts) return null;
  const cookie: FbCookie = { subdomainIndex: Number(parts[1]), creationTime: Number(parts[2]), payload: parts[3]! };
  if (parts[4] !== undefined) cookie.appendix = parts[4];
  return cookie;
}

/** An `fbclid` of the characters Meta issues (`[A-Za-z0-9_-]`, 1-500): the only kind that makes an `_fbc`. */
export function isValidFbclid(value: unknown): value is string {
  return typeof value === 'string' && FBCLID.test(value);
}

export function isValidFbp(value: unknown): value is string {
  return sized(value) && PATTERNS.fbp.test(value);
}

export function isValidFbc(value: unknown): value is string {
  return sized(value) && PATTERNS.fbc.test(value);
}

/** The inverse of {@link parseFbCookie}. Throws a `TypeError` for parts that would make an invalid value. */
export function formatFbCookie(cookie: FbCookie, kind: FbCookieKind): string {
  const text = `fb.${cookie.subdomainIndex}.${cookie.creationTime}.${cookie.payload}${cookie.appendix === undefined ? '' : `.${cookie.appendix}`}`;
  if (!parseFbCookie(text, kind)) throw new TypeError(`twinfire: cannot format an invalid _${kind} value from these parts`);
  return text;
}

/** `fb.<index>.<ms>.<fbclid>`. A value made on a server without a cookie domain uses index 1. */
export function buildFbc(fbclid: string, creationTimeMs: number, subdomainIndex = 1): string {
  return formatFbCookie({ subdomainIndex, creationTime: Math.floor(creationTimeMs), payload: fbclid }, 'fbc');
}

/**
 * `fb.<index>.<ms>.<random>` as the Pixel makes it. `random` defaults to a 31-bit integer from
 * `Math.random()` (not a secret, only a visitor key); pass your own from a CSPRNG if you prefer.
 */
export function buildFbp(creationTimeMs: number, subdomainIndex = 1, random = Math.floor(Math.random() * 2147483647)): string {
  return formatFbCookie({ subdomainIndex, creationTime: Math.floor(creationTimeMs), payload: String(random) }, 'fbp');
}

/** `com` → 0, `example.com` → 1, `www.example.com` → 2. */
export function subdomainIndexFor(domain: string): number {
  const labels = domain
    .replace(/^\.+|\.+$/g, '')
    .split('.')
    .filter(Boolean);
  return Math.max(0, labels.length - 1);
}
