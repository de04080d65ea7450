/** Headless Chromium visits for the served-script tests: a fresh context (a first visit) per page. */
import type { Browser, Page } from 'playwright-core';

export interface Visit {
  page: Page;
  /** Page errors and console warnings/errors. */
  problems: string[];
  close(): Promise<void>;
}

export async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

/** Polls `check` until it returns true, or fails after `timeout` ms naming `what`. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const html = (head: string, body = '') => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>shop${body}</body></html>`;
