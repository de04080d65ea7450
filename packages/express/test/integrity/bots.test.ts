import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { twinfire } from '@twinfire/express';
import { harnessFor, mirror, PIXEL_A, TOKEN_A } from '../harness.js';

// Issue 12: Meta's fbevents.js (with its bot blocking) sends no hit for a HeadlessChrome visit, but twinfire
// mirrored all of it: server-only events Meta counts and cannot deduplicate.

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const HEADLESS = CHROME.replace('Chrome/', 'HeadlessChrome/');

const BOTS: Record<string, string> = {
  HeadlessChrome: HEADLESS,
  Googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Facebook link preview': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  AhrefsBot: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)',
  GPTBot: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
  Lighthouse:
    'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
  PhantomJS: 'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
  curl: 'curl/8.5.0',
  'python-requests': 'python-requests/2.31.0',
};

const PEOPLE: Record<string, string> = {
  'desktop Chrome': CHROME,
  Edge: `${CHROME} Edg/140.0.0.0`,
  Firefox: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'iPhone Safari': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  // The ad click itself: Facebook's and Instagram's in-app browsers are people, never bots.
  'Facebook in-app browser':
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.0;FBBV/600000000;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]',
  'Instagram in-app browser':
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/125.0.0.0 Mobile Safari/537.36 Instagram 330.0.0.0 Android',
};

describe('integrity: bots are not customers', () => {
  test('a HeadlessChrome mirror is answered 202 reason bot, counted, and nothing reaches Meta', async (t) => {
    const h = await harnessFor(t);
    const payload = mirror();
    const res = await h.post(payload, { 'user-agent': HEADLESS });
    assert.equal(res.status, 202, res.text);
    assert.deepEqual(res.json, { ok: true, event_id: payload.event_id, queued: 0, reason: 'bot' });
    assert.equal(res.headers['set-cookie'], undefined, 'no _fbp minted for a bot');
    await h.tf.flush();
    assert.deepEqual(await h.events(), []);
    const stats = await h.tf.stats();
    assert.equal(stats.dropped.bot, 2, 'one dropped event per configured pixel, as for consent');
    assert.equal(stats.accepted, 0);
    assert.equal(stats.queued, 0);
  });

  test('known crawlers, bots and headless browsers are dropped; real browsers, in-app ones included, are mirrored', async (t) => {
    const h = await harnessFor(t, { options: { pixels: [{ id: PIXEL_A, accessToken: TOKEN_A }] } });
    for (const [name, ua] of Object.entries(BOTS)) {
      const res = await h.post(mirror(), { 'user-agent': ua });
      assert.equal(res.json?.reason, 'bot', `${name}: ${res.text}`);
    }
    for (const [name, ua] of Object.entries(PEOPLE)) {
      const res = await h.post(mirror(), { 'user-agent': ua });
      assert.equal(res.json?.queued, 1, `${name}: ${res.text}`);
    }
    assert.equal((await h.tf.stats()).dropped.bot, Object.keys(BOTS).length);
  });

  test('a bot still gets its 4xx for garbage: the check runs after validation', async (t) => {
    const h = await harnessFor(t);
    const res = await h.post('{not json', { 'user-agent': HEADLESS });
    assert.equal(res.status, 400);
    assert.equal(res.json.error.code, 'invalid_json');
    assert.equal((await h.tf.stats()).dropped.bot, 0);
  });

  test('the hooks never see a bot: consent, userData and beforeSend are not called', async (t) => {
    const calls: string[] = [];
    const h = await harnessFor(t, {
      options: {
        consent: () => (calls.push('consent'), true),
        userData: () => (calls.push('userData'), undefined),
        beforeSend: (event) => (calls.push('beforeSend'), event),
      },
    });
    assert.equal((await h.post(mirror({ consent: 'denied' }), { 'user-agent': HEADLESS })).json.reason, 'bot');
    assert.equal((await h.post(mirror(), { 'user-agent': HEADLESS })).json.reason, 'bot');
    assert.deepEqual(calls, []);
  });

  test("bots: 'keep' mirrors them like anyone else", async (t) => {
    const h = await harnessFor(t, { options: { bots: 'keep' } });
    const res = await h.post(mirror(), { 'user-agent': HEADLESS });
    assert.equal(res.json.queued, 2, res.text);
    assert.equal((await h.tf.stats()).dropped.bot, 0);
  });

  test('tf.send() is not subject to it: the server decides what a server event is', async (t) => {
    const h = await harnessFor(t);
    const result = await h.tf.send({
      event_name: 'Purchase',
      action_source: 'website',
      event_source_url: 'https://shop.example.com/thank-you/1',
      user_data: { em: 'jane@example.com', client_user_agent: HEADLESS },
      custom_data: { value: 10, currency: 'EUR' },
    });
    assert.equal(result.queued, 2);
    assert.equal((await h.tf.stats()).dropped.bot, 0);
  });

  test('an unknown bots value is a setup error naming the choices', () => {
    assert.throws(
      () => twinfire({ pixelId: PIXEL_A, accessToken: TOKEN_A, bots: 'block' as never }),
      (error: { code?: string; field?: string; message: string }) =>
        error.code === 'ERR_TWINFIRE_INVALID_OPTION' && error.field === 'bots' && /'drop' or 'keep'/.test(error.message),
    );
  });
});
