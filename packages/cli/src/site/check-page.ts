import { CHECK_USER_AGENT, fetchText } from './http.js';
import type { Finding } from './types.js';

export type PageResult = { finding: Finding; html?: string; url: string };

/** `page.fetch`: GET the page, following redirects; a 200 HTML page passes. */
export async function checkPage(site: string, timeoutMs: number): Promise<PageResult> {
  const got = await fetchText(site, { headers: { 'user-agent': CHECK_USER_AGENT, accept: 'text/html,*/*;q=0.8' } }, timeoutMs);
  if (!got.ok) {
    return {
      url: site,
      finding: {
        status: 'fail',
        check: 'page.fetch',
        message: `Could not load ${site}: ${got.error}.`,
        fix: 'Check the URL, that the site is running and reachable from here, and its certificate.',
      },
    };
  }
  const { response, body, url } = got;
  const type = response.headers.get('content-type') ?? '';
  if (response.status !== 200) {
    return {
      url,
      finding: {
        status: 'fail',
        check: 'page.fetch',
        message: `${url} answered ${response.status} ${response.statusText}, not 200.`,
        fix: 'Give the URL of a page of the shop that answers 200 (a product or the home page), without a login.',
      },
    };
  }
  if (!/html/i.test(type) && !/^\s*</.test(body)) {
    return {
      url,
      finding: {
        status: 'fail',
        check: 'page.fetch',
        message: `${url} is not an HTML page (content-type ${type || 'missing'}).`,
        fix: 'Give the URL of an HTML page of the shop, one that has the twinfire tag.',
      },
    };
  }
  const redirected = url !== site ? ` (redirected from ${site})` : '';
  return { url, html: body, finding: { status: 'pass', check: 'page.fetch', message: `${url} answered 200 HTML${redirected}.` } };
}
