import type { Browser, BrowserContextOptions } from 'playwright-core';

/**
 * The user agent of a normal desktop Chrome on Linux with this Chromium's major version, in Chrome's reduced
 * form (`Chrome/156.0.0.0`): what headless Chromium sends, minus its `Headless` prefix.
 */
export function desktopChromeUserAgent(browser: Browser): string {
  const major = browser.version().split('.')[0];
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

/**
 * Headless Chromium says `HeadlessChrome/<version>`, and twinfire drops mirrors from headless browsers as
 * bots, as Meta's Pixel does. Every page our tests open plays a visitor, so contexts (and `newPage()`, which
 * makes one) get {@link desktopChromeUserAgent} unless the options name a `userAgent` — even `undefined`,
 * which keeps Chromium's own headless one (the bot tests use it).
 */
export function visitorContexts(browser: Browser): Browser {
  const userAgent = desktopChromeUserAgent(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options: BrowserContextOptions = {}) => newContext('userAgent' in options ? options : { ...options, userAgent });
  return browser;
}
