/** Headless Chromium pages that record every page error and console warning/error. */
import { after, before } from 'node:test';
import { launchChromium } from '@twinfire/testkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Site } from './site.ts';

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Page errors and console warnings/errors; every test expects this to stay empty. */
  problems: string[];
  /** Console messages of type log (debug output). */
  logs: string[];
}

/**
 * A new context (fresh cookies) and page. With `site.source === 'blocked'` the fbevents.js request is
 * aborted, as an ad blocker does; the browser's own "failed to load" line for it is not counted.
 */
export interface OpenOptions {
  /**
   * Hold fbevents.js back until twinfire has installed itself (default true; pages without twinfire pass
   * false). The base code loads fbevents.js `async`: on a busy machine it can run before a synchronous tag
   * placed after the snippet has downloaded, and no test should depend on winning that race unless it is
   * the race under test. If twinfire never appears, fbevents.js is released after 1.5 s.
   */
  fbeventsAfterTwinfire?: boolean;
}

export async function openPage(browser: Browser, site: Site, context?: BrowserContext, options: OpenOptions = {}): Promise<OpenedPage> {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const logs: string[] = [];
  if (site.source === 'blocked') await page.route(site.fbeventsUrl, (route) => route.abort('blockedbyclient'));
  else if (options.fbeventsAfterTwinfire !== false) {
    await page.route(site.fbeventsUrl, async (route) => {
      await page.waitForFunction(() => 'twinfire' in window, undefined, { polling: 10, timeout: 1500 }).catch(() => undefined);
      await route.continue().catch(() => undefined);
    });
  }
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'log') logs.push(message.text());
    if (type !== 'warning' && type !== 'error') return;
    if (site.source === 'blocked' && message.location().url === site.fbeventsUrl) return;
    problems.push(`console.${type}: ${message.text()}`);
  });
  return { page, context, problems, logs };
}

/** Polls `check` until it returns true (or throws its last error after `timeout` ms). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeout = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One headless Chromium for a test file: launched before its tests, closed after them. */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the shared browser is not launched yet');
    return browser;
  };
}
