/**
 * A JavaScript string literal for `value`, safe to splice into served script text: JSON's quoting, plus
 * `<` escaped so the text stays inert if someone inlines the script into HTML (`</script>`), and U+2028/9
 * escaped for engines older than ES2019, where they end a string literal. The values spliced in are
 * configured (pixel ids, fbeventsUrl) or come from the request path (the mount of `app.use('/:shop', tf)`).
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[<\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
