/**
 * The `fbclid` query parameter of a URL, or null. The browser's own URL parser decodes it exactly as
 * `@twinfire/core`'s `extractFbclid` does (`+` as space, percent escapes), in far fewer bytes. An empty
 * or relative referrer throws: no fbclid. Most URLs hold no click id at all: the parser (and that
 * exception) is skipped for them, since this runs for every event.
 */
export function fbclidOf(url: string): string | null {
  if (!url.includes('fbclid')) return null;
  try {
    return new URL(url).searchParams.get('fbclid');
  } catch {
    return null;
  }
}
