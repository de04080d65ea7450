/**
 * The `fbclid` query parameter of a URL, or null (undefined when the URL does not parse). The browser's own URL parser decodes it exactly as
 * `@twinfire/core`'s `extractFbclid` does (`+` as space, percent escapes), in far fewer bytes. An empty
 * or relative referrer throws: no fbclid. This runs once per batch of mirrors, not per event, so there
 * is no `includes('fbclid')` shortcut before the parser (bytes).
 */
export function fbclidOf(url: string): string | null | undefined {
  try {
    return new URL(url).searchParams.get('fbclid');
  } catch {
    // undefined (bytes: no `return null`): as falsy as the parser's null.
  }
}
