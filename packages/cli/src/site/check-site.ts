import { browserCheck } from './browser-check.js';
import { checkEndpoint } from './check-endpoint.js';
import { checkPage } from './check-page.js';
import { checkScript } from './check-script.js';
import { judgeTags } from './check-tag.js';
import { findTags } from './read-page.js';
import type { Finding, SiteCheckOptions, SiteReport } from './types.js';

/**
 * Checks a site's twinfire setup: the page and its tag (present, synchronous, before Meta's base code or one
 * tag), the script it serves, the mirror endpoint, and, in headless Chromium, that each Pixel hit carries an
 * eventID and has its mirror answered 202. Site problems are findings; it throws only on bad options.
 */
export async function checkSite(options: SiteCheckOptions): Promise<SiteReport> {
  const site = validate(options);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const watchMs = options.watchMs ?? 3_000;
  const findings: Finding[] = [];
  const report: SiteReport = { url: site, findings, browser: { ran: false, hits: [], mirrors: [] } };

  const page = await checkPage(site, timeoutMs);
  report.url = page.url;
  findings.push(page.finding);
  if (page.html !== undefined) {
    const tags = findTags(page.html);
    const tag = tags.twinfire;
    if (!tag?.src) {
      findings.push({
        status: 'fail',
        check: 'tag.present',
        message: `${page.url} has no twinfire tag (<script src=".../twinfire.js">).`,
        fix: `Add <script src="/twinfire.js"></script> to every page: alone with baseCode: true, or right before Meta's base code.`,
      });
    } else {
      findings.push({ status: 'pass', check: 'tag.present', message: `The page has the twinfire tag <script src="${tag.src}">.` });
      const script = await checkScript(tag.src, page.url, timeoutMs);
      const judged = judgeTags(tags, script.finding.status === 'pass' ? script.hasBaseCode : undefined);
      findings.push(...judged.findings, script.finding);
      if (judged.mode) report.mode = judged.mode;
      // The script's own precedence: data-endpoint, then the page's window.twinfireConfig, then the server's prefix.
      const written = tag.attributes.get('data-endpoint')?.trim() || tags.configEndpoint || script.configEndpoint || '/twinfire';
      let endpoint: string | undefined;
      try {
        endpoint = new URL(written, page.url).href;
      } catch {
        findings.push({
          status: 'fail',
          check: 'endpoint.answers',
          message: `The mirror endpoint "${written}" is not a URL.`,
          fix: 'Fix data-endpoint on the tag, or remove it.',
        });
      }
      if (endpoint !== undefined) {
        report.endpoint = endpoint;
        findings.push(await checkEndpoint(endpoint, page.url, timeoutMs));
      }
    }
  }

  if (options.browser === 'off') {
    report.browser = { ran: false, skipped: 'the browser check is off (--no-browser)', hits: [], mirrors: [] };
    findings.push({ status: 'info', check: 'browser.ran', message: 'Browser check skipped: it is off (--no-browser).' });
  } else if (page.html === undefined) {
    report.browser = { ran: false, skipped: 'the page did not load', hits: [], mirrors: [] };
  } else {
    const browserOptions: Parameters<typeof browserCheck>[0] = { url: page.url, timeoutMs, watchMs };
    if (options.chromiumPath) browserOptions.chromiumPath = options.chromiumPath;
    const outcome = await browserCheck(browserOptions);
    report.browser = outcome.browser;
    findings.push(...outcome.findings);
  }
  return report;
}

function validate(options: SiteCheckOptions): string {
  if (!options || typeof options.site !== 'string') throw new TypeError('checkSite: options.site must be a URL string');
  let url: URL;
  try {
    url = new URL(options.site);
  } catch {
    throw new TypeError(`checkSite: options.site is not a URL: ${options.site}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`checkSite: options.site must be http(s): ${options.site}`);
  for (const key of ['timeoutMs', 'watchMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new TypeError(`checkSite: options.${key} must be a number >= 0`);
  }
  if (options.browser !== undefined && options.browser !== 'auto' && options.browser !== 'off') {
    throw new TypeError(`checkSite: options.browser must be 'auto' or 'off'`);
  }
  return url.href;
}
