import type { Browser, Request } from 'playwright-core';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from './find-chromium.js';
import { answerMirrors, readMirrors, readPixelHit } from './read-traffic.js';
import type { Finding, MirrorSeen, PixelHit, SiteReport } from './types.js';

export const ENABLE_BROWSER =
  'To check each Pixel hit in a browser, install playwright-core (npm install playwright-core) and a Chromium ' +
  '(apt-get install chromium, or npx playwright-core install chromium), or name one with --chromium PATH.';

export interface BrowserCheckOptions {
  url: string;
  timeoutMs: number;
  watchMs: number;
  chromiumPath?: string;
}

export interface BrowserOutcome {
  browser: SiteReport['browser'];
  findings: Finding[];
}

type Playwright = typeof import('playwright-core');

/** playwright-core is an optional peer: loaded only here, and its absence is a skipped check, not an error. */
async function loadPlaywright(): Promise<Playwright | undefined> {
  try {
    const mod = (await import('playwright-core')) as Playwright & { default?: Playwright };
    return mod.chromium ? mod : mod.default;
  } catch {
    return undefined;
  }
}

/** Loads the page in headless Chromium, records its Pixel hits and mirrors, and checks that each hit has its twin. */
export async function browserCheck(options: BrowserCheckOptions): Promise<BrowserOutcome> {
  const skipped = (reason: string): BrowserOutcome => ({
    browser: { ran: false, skipped: reason, hits: [], mirrors: [] },
    findings: [{ status: 'info', check: 'browser.ran', message: `Browser check skipped: ${reason}` }],
  });
  const playwright = await loadPlaywright();
  if (!playwright) return skipped(`playwright-core is not installed. ${ENABLE_BROWSER}`);
  const found = findChromium(options.chromiumPath, () => playwright.chromium.executablePath());
  if (!found.path) {
    const where = options.chromiumPath ? `${options.chromiumPath} does not exist` : `no Chromium found (tried ${found.tried.join(', ')})`;
    return skipped(`${where}. ${ENABLE_BROWSER}`);
  }
  let browser: Browser;
  try {
    browser = await playwright.chromium.launch({ executablePath: found.path, headless: true, args: [...HEADLESS_CHROMIUM_ARGS], timeout: options.timeoutMs });
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return skipped(`Chromium at ${found.path} did not start: ${message}. ${ENABLE_BROWSER}`);
  }
  try {
    const seen = await watchPage(browser, options);
    return { browser: { ran: true, hits: seen.hits, mirrors: seen.mirrors }, findings: [seen.load, ...judge(seen.hits, seen.mirrors, seen.loaded)] };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return {
      browser: { ran: true, hits: [], mirrors: [] },
      findings: [
        {
          status: 'fail',
          check: 'browser.load',
          message: `The browser check broke off: ${message}.`,
          fix: 'Run it again; if it persists, try another Chromium with --chromium PATH.',
        },
      ],
    };
  } finally {
    await browser.close().catch(() => {});
  }
}

interface Seen {
  hits: PixelHit[];
  mirrors: MirrorSeen[];
  load: Finding;
  loaded: boolean;
}

async function watchPage(browser: Browser, options: BrowserCheckOptions): Promise<Seen> {
  const major = String(browser.version()).split('.')[0];
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
  const context = await browser.newContext({ userAgent, serviceWorkers: 'block' });
  const page = await context.newPage();
  const hits: PixelHit[] = [];
  const mirrors: MirrorSeen[] = [];
  const pending: Promise<void>[] = [];
  page.on('request', (request: Request) => {
    const method = request.method();
    const body = method === 'POST' ? (safe(() => request.postData()) ?? undefined) : undefined;
    const hit = readPixelHit(
      request.url(),
      body,
      safe(() => request.headers()['content-type']),
    );
    if (hit) {
      hits.push(hit);
      return;
    }
    if (method !== 'POST') return;
    const found: MirrorSeen[] = readMirrors(body);
    if (found.length === 0) return;
    mirrors.push(...found);
    pending.push(
      (async () => {
        const response = await request.response().catch(() => null);
        if (!response) return;
        const text = await response.text().catch(() => undefined);
        answerMirrors(found, response.status(), text);
      })(),
    );
  });
  let load: Finding;
  let loaded = false;
  try {
    const response = await page.goto(options.url, { waitUntil: 'load', timeout: options.timeoutMs });
    loaded = true;
    load = {
      status: 'pass',
      check: 'browser.load',
      message: `Chromium ${browser.version()} loaded ${options.url}${response ? ` (${response.status()})` : ''}.`,
    };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    if (hits.length > 0 || mirrors.length > 0) {
      // Slow third parties kept the load event back, but the page ran: judge what it sent.
      loaded = true;
      load = { status: 'warn', check: 'browser.load', message: `${options.url} did not finish loading in Chromium (${message}); judging what it sent so far.` };
    } else {
      load = {
        status: 'fail',
        check: 'browser.load',
        message: `Chromium could not load ${options.url}: ${message}.`,
        fix: 'Check that the page loads in a browser from here.',
      };
    }
  }
  if (loaded) await page.waitForTimeout(options.watchMs);
  // The last mirrors' answers: give them the time of one more network step at most.
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, Math.min(options.timeoutMs, 5000)))]);
  await context.close().catch(() => {});
  return { hits, mirrors: mirrors.map((m) => ({ ...m })), load, loaded };
}

function safe<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const REASONS: Record<string, string> = {
  consent:
    'the visitor had not consented (data-consent="required", the consent hook, or Global Privacy Control), so nothing was sent; grant consent to see twins',
  bot: 'the middleware took the browser for a bot (its user agent), so nothing was sent; a real visitor is not refused',
  beforeSend: 'your beforeSend hook dropped it',
};

/** `browser.hits`, `browser.eid` and `browser.twins`. */
export function judge(hits: PixelHit[], mirrors: MirrorSeen[], loaded: boolean): Finding[] {
  if (!loaded) return [];
  const findings: Finding[] = [];
  if (hits.length === 0) {
    findings.push({
      status: 'fail',
      check: 'browser.hits',
      message: `No Pixel hit (a request to /tr with id and ev) while the page loaded${mirrors.length > 0 ? `, though ${mirrors.length} mirror(s) went out` : ''}: the Pixel did not load, was blocked, or waits for consent.`,
      fix: "Check that Meta's base code (or baseCode: true) is on the page with fbq('init', PIXEL_ID) and fbq('track', 'PageView'), that fbevents.js loads, and that no consent banner holds the Pixel back.",
    });
    return findings;
  }
  const names = (list: PixelHit[]) => [...new Set(list.map((h) => `${h.event_name} (pixel ${h.pixel_id})`))].join(', ');
  findings.push({ status: 'pass', check: 'browser.hits', message: `${hits.length} Pixel hit(s): ${names(hits)}.` });

  const noEid = hits.filter((h) => h.event_id === undefined);
  if (noEid.length > 0) {
    for (const hit of noEid) {
      findings.push({
        status: 'fail',
        check: 'browser.eid',
        message: `The Pixel sent ${hit.event_name} (pixel ${hit.pixel_id}) without an eventID (no eid): it has no server twin, and Meta counts it apart.`,
        fix: "fbevents.js ran before twinfire's script: put the tag right before Meta's base code as a plain synchronous tag (not async or defer), or use one tag with baseCode: true.",
      });
    }
  } else {
    findings.push({ status: 'pass', check: 'browser.eid', message: `Every Pixel hit carries an eventID (eid).` });
  }

  const twinFindings: Finding[] = [];
  const done = new Set<string>();
  for (const hit of hits) {
    if (hit.event_id === undefined) continue;
    const key = `${hit.event_name}\u0000${hit.event_id}`;
    if (done.has(key)) continue;
    done.add(key);
    const twins = mirrors.filter((m) => m.event_name === hit.event_name && m.event_id === hit.event_id);
    const label = `${hit.event_name} ${hit.event_id}`;
    if (twins.length === 0) {
      twinFindings.push({
        status: 'fail',
        check: 'browser.twins',
        message: `The Pixel hit ${label} has no mirror with the same event name and id: no server twin.`,
        fix: "Use twinfire's script from the same version as the middleware, and do not change the eventID after twinfire set it (no other eventID in fbq calls than twinfire's, or set it in both).",
      });
      continue;
    }
    const answered = twins.find((m) => m.status === 202) ?? twins[0]!;
    if (answered.status !== 202) {
      const status =
        answered.status === undefined ? 'no answer was seen' : `the endpoint answered ${answered.status}${answered.reason ? ` ${answered.reason}` : ''}`;
      twinFindings.push({
        status: 'fail',
        check: 'browser.twins',
        message: `The mirror of ${label} was sent, but ${status}, not 202: no server twin.`,
        fix: 'Mount the middleware at the endpoint the script posts to (app.use(tf) before other routes) and look at its log.',
      });
      continue;
    }
    if (answered.queued === 0) {
      const why = answered.reason ? (REASONS[answered.reason] ?? `reason: ${answered.reason}`) : 'already queued (a duplicate)';
      twinFindings.push({
        status: 'warn',
        check: 'browser.twins',
        message: `The mirror of ${label} was answered 202 but queued nothing: ${why}.`,
      });
    }
  }
  if (twinFindings.length === 0) {
    findings.push({
      status: 'pass',
      check: 'browser.twins',
      message: `Each Pixel hit with an eventID has its mirror, answered 202 and queued (${mirrors.length} mirror(s)).`,
    });
  }
  findings.push(...twinFindings);
  return findings;
}
