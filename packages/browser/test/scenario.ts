/** The fbq calls every install-order test makes, and what each page event must become. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type OpenedPage, sleep, UUID_V4, waitFor } from './browser.ts';
import type { Mirror, Site } from './site.ts';

/** Made before our script in the "after base code" order (so they sit in fbq.queue when it installs). */
export const EARLY_CALLS = `
fbq('init', '111', { em: 'jane@example.com', external_id: 'u-1' });
fbq('init', '222');
fbq('track', 'PageView');
fbq('track', 'Purchase', { value: 19.9, currency: 'EUR' }, { eventID: 'order-42' });
fbq('trackCustom', 'Quiz', { score: 3 });
`;

/** Made after our script in every order; through fbq, fbq.push and _fbq. */
export const LATE_CALLS = `
fbq('trackSingle', '222', 'Lead');
fbq('trackSingleCustom', '111', 'Promo', { code: 'X' }, { eventID: 'promo-1' });
fbq.push('track', 'ViewContent', { content_ids: ['a'] });
window._fbq('track', 'AddToCart', { value: 1, currency: 'EUR' });
fbq('track', 'Search', { search_string: 'shoes' }, { eventID: 7 });
`;

/** Made once fbevents.js has taken over (callMethod set): a wrapper of the wrong shape loses exactly these. */
export const POST_LOAD_CALLS = `
fbq('track', 'InitiateCheckout', { num_items: 2 });
fbq.push('trackCustom', 'LatePush');
window._fbq('trackSingle', '111', 'Schedule', {}, { eventID: 'sched-1' });
`;

export interface Expected {
  name: string;
  /** The caller's eventID, kept as is; absent: a UUID v4 is expected. */
  id?: string;
  /** trackSingle(Custom): the one pixel; else every initialised pixel. */
  pixel?: string;
}

export const EARLY_EVENTS: Expected[] = [{ name: 'PageView' }, { name: 'Purchase', id: 'order-42' }, { name: 'Quiz' }];
export const LATE_EVENTS: Expected[] = [
  { name: 'Lead', pixel: '222' },
  { name: 'Promo', id: 'promo-1', pixel: '111' },
  { name: 'ViewContent' },
  { name: 'AddToCart' },
  { name: 'Search', id: '7' },
];
export const POST_LOAD_EVENTS: Expected[] = [{ name: 'InitiateCheckout' }, { name: 'LatePush' }, { name: 'Schedule', id: 'sched-1', pixel: '111' }];
export const PIXELS = ['111', '222'];

/** Waits until fbevents.js has taken over (or, blocked, a moment), then makes the POST_LOAD_CALLS. */
export async function callAfterLoad(site: Site, page: Page): Promise<void> {
  if (site.source === 'blocked') await sleep(300);
  else
    await page.waitForFunction(() => typeof (window as unknown as { fbq: { callMethod?: unknown } }).fbq.callMethod === 'function', undefined, {
      timeout: 10_000,
    });
  await page.evaluate(POST_LOAD_CALLS);
}

/** The mirrors that passed the parser; fails the test on any payload the server would refuse. */
export function validMirrors(site: Site, path = '/twinfire'): Mirror[] {
  for (const mirror of site.mirrors)
    assert.equal(mirror.errors, undefined, `mirror refused by parseMirrorPayload: ${mirror.body}\n${JSON.stringify(mirror.errors)}`);
  return site.mirrors.filter((m) => m.path === path);
}

/** Event commands left in fbq.queue (when fbevents.js never ran), as arrays. */
export async function queuedEvents(page: Page): Promise<unknown[][]> {
  return page.evaluate(() => ((window as unknown as { fbq: { queue: ArrayLike<unknown>[] } }).fbq.queue ?? []).map((call) => Array.from(call)));
}

/**
 * Every expected page event has exactly one mirror with the Pixel's eventID and event name; the Pixel
 * sent each with that eventID (once per pixel), or, when fbevents.js is blocked, the queued call carries
 * it; nothing else was mirrored; no page error or console warning.
 */
export async function assertPaired(site: Site, opened: OpenedPage, expected: Expected[], options: { pixelsKnown?: boolean; consent?: 'granted' } = {}) {
  const { page, problems } = opened;
  const pixelsKnown = options.pixelsKnown ?? true;
  const hitsExpected = expected.reduce((n, e) => n + (e.pixel ? 1 : PIXELS.length), 0);
  const ids = new Set(expected.map((e) => e.name));
  await waitFor(() => site.mirrors.length >= expected.length, 5000, `${expected.length} mirrors (got ${site.mirrors.length})`);
  if (site.source !== 'blocked') {
    await waitFor(async () => (await site.hits()).filter((h) => ids.has(h.name) && h.eid).length >= hitsExpected, 5000, `${hitsExpected} Pixel hits`);
  }
  await sleep(300); // anything extra (a double mirror) would arrive now

  const mirrors = validMirrors(site);
  assert.equal(mirrors.length, expected.length, `one mirror per page event: ${mirrors.map((m) => m.payload!.event_name).join(', ')}`);
  for (const mirror of mirrors) assert.match(mirror.contentType ?? '', /^text\/plain/);
  const byName = new Map(mirrors.map((m) => [m.payload!.event_name, m.payload!]));
  assert.equal(byName.size, mirrors.length, 'no event mirrored twice');

  for (const event of expected) {
    const payload = byName.get(event.name);
    assert.ok(payload, `mirror for ${event.name}`);
    if (event.id) assert.equal(payload.event_id, event.id, `${event.name}: the caller's eventID is kept`);
    else assert.match(payload.event_id, UUID_V4, `${event.name}: a UUID v4 eventID`);
    if (event.pixel) assert.deepEqual(payload.pixel_ids, [event.pixel]);
    else if (pixelsKnown) {
      assert.deepEqual(payload.pixel_ids, PIXELS);
      assert.equal(payload.user_data?.em, 'jane@example.com', "init's advanced matching travels with the mirror");
    } else assert.equal(payload.pixel_ids, undefined, 'pixel ids unknown: the server decides');
    assert.equal(payload.consent, options.consent, 'the consent state travels with the mirror');
  }

  if (site.source === 'blocked') {
    // Ad blocker: nothing left the page through the Pixel; every queued event carries the mirrored id.
    const queued = (await queuedEvents(page)).filter((call) => /^track/.test(String(call[0])));
    assert.equal(queued.length, expected.length);
    for (const call of queued) {
      const single = String(call[0]).startsWith('trackSingle');
      const name = call[single ? 2 : 1] as string;
      const options = call[single ? 4 : 3] as { eventID: unknown };
      assert.equal(String(options.eventID), byName.get(name)?.event_id, `${name}: queued call and mirror share the eventID`);
    }
  } else {
    const hits = (await site.hits()).filter((h) => ids.has(h.name));
    assert.equal(hits.length, hitsExpected, 'the Pixel sent each event once per pixel');
    for (const hit of hits) {
      const payload = byName.get(hit.name)!;
      assert.equal(hit.eid, payload.event_id, `${hit.name}: the Pixel hit and the mirror share the eventID`);
      if (payload.pixel_ids) assert.ok(payload.pixel_ids.includes(hit.pixel), `${hit.name}: pixel ${hit.pixel} named in the mirror`);
      assert.equal(hit.fbp, payload.fbp, `${hit.name}: one _fbp for the visitor, in the hit and in the mirror`);
    }
  }
  const state = await page.evaluate(() => {
    const w = window as unknown as { fbq: { push: unknown; callMethod?: unknown; queue: unknown[] }; _fbq: unknown };
    return { push: w.fbq.push === w.fbq, underscore: w._fbq === w.fbq, callMethod: typeof w.fbq.callMethod, queueEmpty: w.fbq.queue.length === 0 };
  });
  const loaded = site.source !== 'blocked';
  assert.deepEqual(
    state,
    { push: true, underscore: true, callMethod: loaded ? 'function' : 'undefined', queueEmpty: loaded },
    'fbevents.js took over as without us',
  );
  assert.deepEqual(problems, [], 'no page error, no console warning');
}
