import { existsSync } from 'node:fs';
import { HEADLESS_CHROMIUM_ARGS } from '@twinfire/cli';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import { visitorContexts } from './user-agent.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  // The flags `twinfire verify` launches Chromium with: one list for the product and the tests.
  ...HEADLESS_CHROMIUM_ARGS,
  // Lets tests use multi-label hosts (www.shop.example.test) to check cookie domains; all map to loopback.
  '--host-resolver-rules=MAP *.example.test 127.0.0.1',
];

/**
 * Starts Debian's Chromium headless, its pages posing as a desktop Chrome (see {@link visitorContexts}).
 * Fails loudly (never skips) when it is not installed: browser tests are part of `npm test`.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Browser tests need it: run ` +
        '`sudo apt-get update && sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then `npm test` again.',
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...options,
    args: [...FLAGS, ...(options.args ?? [])],
  });
  return visitorContexts(browser);
}
