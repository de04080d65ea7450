/**
 * _fbp and _fbc in a real browser on a multi-label host (www.shop.example.test, mapped to loopback).
 * Chromium refuses a cookie for the bare TLD `test` (it treats an unknown TLD as a public suffix), so
 * the highest settable domain is `example.test`: index 1, like `example.com`.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidFbc, isValidFbp } from '@twinfire/core';
import type { BrowserContext, Cookie } from 'playwright-core';
import { baseCode } from '../../test/base-code.ts';
import { openPage, sharedBrowser, waitFor } from '../../test/browser.ts';
import { validMirrors } from '../../test/scenario.ts';
import { type FbeventsSource, onSite, type Site } from '../../test/site.ts';

const HOST = 'www.shop.example.test';
const DAY = 86_400;

const browser = sharedBrowser();

function shop(site: Site, withPixel = true): void {
  const pixel = withPixel ? `<script>${baseCode(site.fbeventsUrl)}</script>` : '';
  const page = `<!doctype html><html><head>${pixel}<script src="/twinfire.min.js"></script>
    <script>${withPixel ? "fbq('init', '111'); fbq('track', 'PageView');" : "twinfire('track', 'PageView');"}</script></head>
    <body><a id="next" href="/to">next</a></body></html>`;
  for (const path of ['/', '/a', '/b', '/c', '/d', '/to']) site.page(path, page);
  site.page('/from', '<!doctype html><html><body><a id="next" href="/to">to the shop</a></body></html>');
}

async function fbCookies(context: BrowserContext): Promise<Cookie[]> {
  return (await context.cookies()).filter((c) => c.name === '_fbp' || c.name === '_fbc');
}

/** Opens `path`, waits for its PageView mirror, returns that payload. */
async function visit(site: Site, context: BrowserContext, path: string) {
  const before = site.mirrors.length;
  const opened = await openPage(browser(), site, context);
  await opened.page.goto(site.at(HOST) + path);
  await waitFor(() => site.mirrors.length > before, 5000, `mirror of ${path}`);
  assert.deepEqual(opened.problems, []);
  await opened.page.close();
  return validMirrors(site).at(-1)!.payload!;
}

function withSite(source: FbeventsSource, run: (site: Site, context: BrowserContext) => Promise<void>) {
  return onSite(source, async (site) => {
    const context = await browser().newContext();
    try {
      await run(site, context);
    } finally {
      await context.close();
    }
  });
}

test('a new visitor gets one _fbp on the highest settable domain (.example.test, index 1), 90 days, SameSite=Lax', () =>
  withSite('blocked', async (site, context) => {
    shop(site);
    const payload = await visit(site, context, '/');
    const cookies = await fbCookies(context);
    assert.equal(cookies.length, 1);
    const [fbp] = cookies as [Cookie];
    assert.equal(fbp.name, '_fbp');
    assert.equal(fbp.domain, '.example.test');
    assert.equal(fbp.path, '/');
    assert.equal(fbp.sameSite, 'Lax');
    assert.ok(Math.abs(fbp.expires - Date.now() / 1000 - 90 * DAY) < DAY, '90 days');
    assert.match(fbp.value, /^fb\.1\.\d{13}\.\d+$/);
    assert.equal(payload.fbp, fbp.value);
    assert.equal(payload.fbc, undefined);
  }));

test('with the Pixel writing _fbp too, the visitor still has one _fbp, the same in the Pixel hit and the mirror', () =>
  withSite('fixture', async (site, context) => {
    shop(site);
    const payload = await visit(site, context, '/');
    await waitFor(async () => (await site.hits()).length >= 1, 5000, 'the Pixel hit');
    const cookies = await fbCookies(context);
    assert.equal(cookies.length, 1);
    assert.equal(payload.fbp, cookies[0]!.value);
    assert.equal((await site.hits())[0]!.fbp, cookies[0]!.value);
  }));

test('valid existing values are never changed, appendix included', () =>
  withSite('blocked', async (site, context) => {
    shop(site);
    const fbp = 'fb.1.1764000000000.1234567890.AQQCAQMC';
    const fbc = 'fb.1.1764000000000.OldClick_-42';
    await context.addCookies([
      { name: '_fbp', value: fbp, domain: '.example.test', path: '/' },
      { name: '_fbc', value: fbc, domain: '.example.test', path: '/' },
    ]);
    const payload = await visit(site, context, '/');
    assert.equal(payload.fbp, fbp);
    assert.equal(payload.fbc, fbc);
    const cookies = Object.fromEntries((await fbCookies(context)).map((c) => [c.name, c.value]));
    assert.deepEqual(cookies, { _fbp: fbp, _fbc: fbc });
  }));

test('invalid existing values are not sent; a malformed _fbp is replaced by a valid one', () =>
  withSite('blocked', async (site, context) => {
    shop(site);
    await context.addCookies([
      { name: '_fbp', value: 'fb.1.1764000000.42', domain: '.example.test', path: '/' }, // seconds, not ms
      { name: '_fbc', value: 'IwAR-raw-fbclid', domain: '.example.test', path: '/' },
    ]);
    const payload = await visit(site, context, '/');
    assert.ok(isValidFbp(payload.fbp));
    assert.notEqual(payload.fbp, 'fb.1.1764000000.42');
    assert.equal(payload.fbc, undefined, 'a raw fbclid is never sent as fbc');
    const cookies = Object.fromEntries((await fbCookies(context)).map((c) => [c.name, c.value]));
    assert.equal(cookies._fbp, payload.fbp);
    assert.equal(cookies._fbc, 'IwAR-raw-fbclid', 'without a click, _fbc is not touched');
  }));

test('fbclid: _fbc made from the click, its first click time kept across pages, a new click mints a new one', () =>
  withSite('blocked', async (site, context) => {
    shop(site);
    const first = await visit(site, context, '/a?utm_source=fb&fbclid=Click_One-1');
    assert.match(first.fbc ?? '', /^fb\.1\.\d{13}\.Click_One-1$/);
    const cookie = (await fbCookies(context)).find((c) => c.name === '_fbc')!;
    assert.equal(cookie.domain, '.example.test');
    assert.equal(cookie.value, first.fbc);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a later click time would differ
    assert.equal((await visit(site, context, '/b')).fbc, first.fbc, 'a page without fbclid keeps the value');
    assert.equal((await visit(site, context, '/c?fbclid=Click_One-1')).fbc, first.fbc, 'the same click keeps its first click time');
    const next = await visit(site, context, '/d?fbclid=Click_Two');
    assert.match(next.fbc ?? '', /^fb\.1\.\d{13}\.Click_Two$/);
    assert.ok(isValidFbc(next.fbc));
    assert.equal((await fbCookies(context)).filter((c) => c.name === '_fbc').length, 1);
  }));

test('fbclid found in the referrer', () =>
  withSite('blocked', async (site, context) => {
    shop(site);
    const opened = await openPage(browser(), site, context);
    await opened.page.goto(`${site.at(HOST)}/from?fbclid=From_Referrer`);
    await opened.page.click('#next');
    await waitFor(() => site.mirrors.length >= 1, 5000, 'mirror');
    const payload = validMirrors(site)[0]!.payload!;
    assert.match(payload.referrer ?? '', /fbclid=From_Referrer/);
    assert.match(payload.fbc ?? '', /^fb\.1\.\d{13}\.From_Referrer$/);
    assert.deepEqual(opened.problems, []);
  }));

test('an IP host (no domain to climb) still gets a valid host-only _fbp', () =>
  withSite('blocked', async (site, context) => {
    shop(site, false);
    const opened = await openPage(browser(), site, context);
    await opened.page.goto(`${site.url}/`);
    await waitFor(() => site.mirrors.length >= 1, 5000, 'mirror');
    const payload = validMirrors(site)[0]!.payload!;
    const [cookie] = await fbCookies(context);
    assert.ok(isValidFbp(payload.fbp));
    assert.equal(cookie!.value, payload.fbp);
    assert.equal(cookie!.domain, '127.0.0.1');
    assert.deepEqual(opened.problems, []);
  }));

test('no cookie access (sandboxed iframe): the mirror still goes out, without fbp/fbc', () =>
  withSite('blocked', async (site, context) => {
    site.page('/frame', `<!doctype html><html><head><script src="/twinfire.min.js"></script><script>twinfire('track', 'InFrame');</script></head></html>`);
    site.page('/', '<!doctype html><html><body><iframe sandbox="allow-scripts" src="/frame?fbclid=framed"></iframe></body></html>');
    const opened = await openPage(browser(), site, context);
    await opened.page.goto(`${site.at(HOST)}/`);
    await waitFor(() => site.mirrors.length >= 1, 5000, 'mirror');
    const payload = validMirrors(site)[0]!.payload!;
    assert.equal(payload.event_name, 'InFrame');
    assert.equal(payload.fbp, undefined);
    assert.equal(payload.fbc, undefined);
    assert.deepEqual(opened.problems, []);
  }));
