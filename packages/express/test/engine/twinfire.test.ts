import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { EMAIL, FLAVORS, type Harness, logLines, mirror, PIXEL_A, PIXEL_B, startHarness, TOKEN_A, TOKEN_B, UA } from '../harness.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
/** Hash part of a Parameter Builder value (`<sha256>.<appendix>`). */
const hashOf = (value: string) => value.split('.')[0];

for (const flavor of FLAVORS) {
  describe(`mirror endpoint in ${flavor}`, () => {
    let h: Harness;
    after(() => h?.close());

    test('a mirror becomes exactly one valid server event per pixel, same id and name, hashed data, IP and UA', async () => {
      h = await startHarness({ flavor });
      const payload = mirror({
        event_name: 'Purchase',
        custom_data: { value: '49.90', currency: 'eur', order_id: 'A-1' },
        user_data: { em: ` ${EMAIL} `, fn: 'Jane', ph: '+49 (30) 1234-567' },
        referrer: 'https://www.google.com/',
      });
      const res = await h.post(payload);
      assert.equal(res.status, 202, res.text);
      assert.deepEqual(res.json, { ok: true, event_id: payload.event_id, queued: 2 });
      await h.tf.flush();
      const events = await h.events();
      assert.equal(events.length, 2);
      assert.deepEqual(events.map((e) => e.pixel_id).sort(), [PIXEL_A, PIXEL_B]);
      for (const event of events) {
        assert.equal(event.source, 'server');
        assert.equal(event.status, 'kept');
        assert.equal(event.event_name, 'Purchase');
        assert.equal(event.event_id, payload.event_id);
        assert.equal(event.action_source, 'website');
        assert.equal(event.event_time, payload.event_time);
        assert.equal(event.event_source_url, payload.event_source_url);
        assert.deepEqual(event.custom_data, { value: 49.9, currency: 'EUR', order_id: 'A-1' });
        assert.equal(hashOf(event.user_data.em), sha('jane.doe+test@example.com'));
        assert.equal(hashOf(event.user_data.fn), sha('jane'));
        assert.equal(hashOf(event.user_data.ph), sha('49301234567'));
        assert.equal(event.user_data.client_ip_address, '127.0.0.1');
        assert.equal(event.user_data.client_user_agent, UA);
        assert.equal(event.user_data.fbp, payload.fbp);
        for (const key of ['em', 'fn', 'ph', 'client_ip_address', 'client_user_agent', 'fbp']) assert.ok(event.match_keys.includes(key), key);
      }
      const stats = await h.tf.stats();
      assert.equal(stats.sent, 2);
      assert.equal(stats.accepted, 2);
      assert.equal(stats.queued, 0);
    });

    test('a retried beacon is sent once: 202 duplicate, nothing new reaches Meta', async () => {
      const payload = mirror();
      assert.equal((await h.post(payload)).status, 202);
      const again = await h.post(payload);
      assert.equal(again.status, 202);
      assert.equal(again.json.duplicate, true);
      assert.equal(again.json.queued, 0);
      await h.tf.flush();
      const copies = (await h.events()).filter((e) => e.event_id === payload.event_id);
      assert.equal(copies.length, 2); // one per pixel, not four
      assert.ok((await h.tf.stats()).dropped.duplicate >= 2);
    });

    test('pixel_ids picks the pixels; ids the server has no token for are ignored', async () => {
      const only = mirror({ pixel_ids: [PIXEL_B] });
      assert.equal((await h.post(only)).json.queued, 1);
      const mixed = mirror({ pixel_ids: [PIXEL_A, '999999'] });
      assert.equal((await h.post(mixed)).json.queued, 1);
      await h.tf.flush();
      const events = await h.events();
      assert.deepEqual(
        events.filter((e) => e.event_id === only.event_id).map((e) => e.pixel_id),
        [PIXEL_B],
      );
      assert.deepEqual(
        events.filter((e) => e.event_id === mixed.event_id).map((e) => e.pixel_id),
        [PIXEL_A],
      );
      assert.equal((await h.tf.stats()).dropped.unknownPixel, 1);
    });

    test('fbp/fbc: cookies when the payload has none, fbc from fbclid keeps the first click time, cookies re-issued', async () => {
      const clickTime = 1732000000000;
      const payload = mirror({ fbp: undefined, event_source_url: 'https://shop.example.com/?fbclid=IwAR3abc_DEF-1' });
      delete payload.fbp;
      const res = await h.post(payload, { cookie: `_fbp=fb.1.1731000000000.42; _fbc=fb.1.${clickTime}.IwAR3abc_DEF-1` });
      assert.equal(res.status, 202);
      const cookies = res.headers['set-cookie'] ?? [];
      assert.ok(
        cookies.some((c) => c.startsWith('_fbp=fb.1.1731000000000.42; Max-Age=7776000; Path=/; SameSite=Lax')),
        cookies.join('\n'),
      );
      assert.ok(cookies.some((c) => c.startsWith(`_fbc=fb.1.${clickTime}.IwAR3abc_DEF-1;`)));
      assert.ok(
        cookies.every((c) => !c.includes('Domain=') && !c.includes('Secure')),
        'IP host, plain HTTP: host-only, not Secure',
      );
      await h.tf.flush();
      const event = (await h.events()).find((e) => e.event_id === payload.event_id);
      assert.equal(event.user_data.fbp, 'fb.1.1731000000000.42');
      assert.equal(event.user_data.fbc, `fb.1.${clickTime}.IwAR3abc_DEF-1`);
    });

    test('a visitor without _fbp gets one minted server-side; a new fbclid in the referrer mints an fbc', async () => {
      const payload = mirror({ referrer: 'https://l.facebook.com/?fbclid=NewClick123' });
      delete payload.fbp;
      const res = await h.post(payload);
      const fbpCookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('_fbp='));
      assert.match(fbpCookie ?? '', /^_fbp=fb\.1\.\d{13}\.\d+;/);
      await h.tf.flush();
      const event = (await h.events()).find((e) => e.event_id === payload.event_id);
      assert.equal(event.user_data.fbp, fbpCookie!.slice(5, fbpCookie!.indexOf(';')));
      assert.match(event.user_data.fbc, /^fb\.1\.\d{13}\.NewClick123$/);
    });

    test('consent: a denied payload is answered 202 and not sent, nor are cookies set', async () => {
      const payload = mirror({ consent: 'denied' });
      const res = await h.post(payload);
      assert.equal(res.status, 202);
      assert.equal(res.json.queued, 0);
      assert.equal(res.json.reason, 'consent');
      assert.equal(res.headers['set-cookie'], undefined);
      await h.tf.flush();
      assert.equal((await h.events()).filter((e) => e.event_id === payload.event_id).length, 0);
      assert.equal((await h.tf.stats()).dropped.consent, 2);
    });

    test('send() events arrive with hashed data and the id the page can reuse', async () => {
      const orderId = 'order-10045';
      const eventId = h.tf.eventIdFor('Purchase', orderId);
      assert.equal(eventId, h.tf.eventIdFor('Purchase', orderId));
      const result = await h.tf.send(
        {
          event_name: 'Purchase',
          event_id: eventId,
          action_source: 'system_generated',
          user_data: { em: EMAIL, external_id: 'Customer-7' },
          custom_data: { value: 120, currency: 'usd', order_id: orderId },
        },
        { pixelIds: [PIXEL_A] },
      );
      assert.deepEqual(result, { event_id: eventId, queued: 1, duplicate: false });
      const generated = await h.tf.send({ event_name: 'Lead', action_source: 'phone_call', user_data: { ph: '+1 650 555 1212' } });
      assert.match(generated.event_id, /^[0-9a-f-]{36}$/);
      await h.tf.flush();
      const events = await h.events();
      const purchase = events.find((e) => e.event_id === eventId);
      assert.equal(purchase.pixel_id, PIXEL_A);
      assert.equal(purchase.action_source, 'system_generated');
      assert.equal(hashOf(purchase.user_data.em), sha('jane.doe+test@example.com'));
      assert.equal(hashOf(purchase.user_data.external_id), sha('customer-7'));
      assert.equal(purchase.custom_data.currency, 'USD');
      assert.equal(events.filter((e) => e.event_id === generated.event_id).length, 2);
    });

    test('a browser clock a few minutes fast: accepted, and sent with a time Meta accepts', async () => {
      const payload = mirror({ event_time: Math.floor(Date.now() / 1000) + 200, pixel_ids: [PIXEL_A] });
      assert.equal((await h.post(payload)).status, 202);
      await h.tf.flush();
      const event = (await h.events()).find((e) => e.event_id === payload.event_id);
      assert.equal(event?.status, 'kept');
      assert.ok(event.event_time <= Math.floor(Date.now() / 1000));
    });

    test("LDU from ldu(req) and consent(req) false: accepted by Meta's rules, or not sent at all", async () => {
      const ldu = await startHarness({ flavor, options: { ldu: () => true, consent: (req) => req.headers['x-optout'] !== '1' } });
      try {
        const payload = mirror({ pixel_ids: [PIXEL_A] });
        assert.equal((await ldu.post(payload)).status, 202);
        // Another visitor (another _fbp): a denial purges the denying visitor's own events, see test/durability/consent-purge.test.ts.
        const refused = await ldu.post(mirror({ fbp: 'fb.1.1732000000000.55555' }), { 'x-optout': '1' });
        assert.equal(refused.status, 202);
        assert.equal(refused.json.reason, 'consent');
        await ldu.tf.flush();
        const events = await ldu.events();
        assert.deepEqual(
          events.map((e) => [e.event_id, e.status]),
          [[payload.event_id, 'kept']],
        );
        assert.equal((await ldu.rejections()).length, 0);
        assert.equal((await ldu.tf.stats()).dropped.consent, 2);
      } finally {
        await ldu.close();
      }
    });

    test('the browser is never told a token, and stats() holds none', async () => {
      const res = await h.post(mirror());
      const stats = JSON.stringify(await h.tf.stats());
      for (const token of [TOKEN_A, TOKEN_B]) {
        assert.ok(!res.text.includes(token));
        assert.ok(!JSON.stringify(res.headers).includes(token));
        assert.ok(!stats.includes(token));
      }
    });
  });
}

test('no log line contains an access token or a raw email', () => {
  const all = logLines.join('\n');
  for (const secret of [TOKEN_A, TOKEN_B, EMAIL, EMAIL.toLowerCase(), 'jane.doe']) assert.ok(!all.toLowerCase().includes(secret.toLowerCase()), secret);
});
