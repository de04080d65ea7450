/**
 * A tag that runs after fbevents.js says so with one console.warn naming the fix, debug or not; the
 * supported orders (before the base code, after it but before fbevents.js ran) stay silent.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseCode } from '../../test/base-code.ts';
import { openPage, sharedBrowser, sleep } from '../../test/browser.ts';
import { onSite } from '../../test/site.ts';

const TAG = '<script src="/twinfire.min.js"></script>';
const html = (head: string) => `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>shop</body></html>`;
const browser = sharedBrowser();

/** Loads `head`, waits for fbevents.js to run, then for the console to settle; returns the warnings. */
async function warningsFor(head: (fbeventsUrl: string) => string, lateTags = 0): Promise<string[]> {
  return onSite('fixture', async (site) => {
    site.page('/', html(head(site.fbeventsUrl)));
    const opened = await openPage(browser(), site, undefined, { fbeventsAfterTwinfire: lateTags === 0 });
    await opened.page.goto(`${site.url}/`);
    await opened.page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function');
    for (let i = 0; i < lateTags; i++) await opened.page.addScriptTag({ url: '/twinfire.min.js' });
    await sleep(300);
    await opened.context.close();
    return opened.problems;
  });
}

test('the tag before the base code, or after it before fbevents.js ran: no warning', async () => {
  assert.deepEqual(await warningsFor((url) => `${TAG}<script>${baseCode(url)}fbq('init', '111');</script>`), []);
  assert.deepEqual(await warningsFor((url) => `<script>${baseCode(url)}fbq('init', '111');</script>${TAG}`), []);
});

test('the tag after fbevents.js ran: one console.warn naming the fix, even for two such tags', async () => {
  const problems = await warningsFor((url) => `<script>${baseCode(url)}fbq('init', '111');</script>`, 2);
  assert.equal(problems.length, 1, problems.join(' | '));
  assert.match(problems[0]!, /^console\.warning: \[twinfire\] loaded after fbevents\.js/);
  assert.match(problems[0]!, /baseCode: true/);
  assert.match(problems[0]!, /before Meta's base code, not async\/defer/);
});
