/** Headless Chromium pages that record every page error and console warning/error. */
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
export async function openPage(browser: Browser, site: Site, context?: BrowserContext): Promise<OpenedPage> {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const logs: string[] = [];
  if (site.source === 'blocked') await page.route(site.fbeventsUrl, (route) => route.abort('blockedbyclient'));
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
