import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { type Harness, mirror, PIXEL_A, PIXEL_B, startHarness } from '../harness.js';
import { tempDbFactory } from './temp-db.js';

const dbFile = tempDbFactory('consent');
const FBP_A = 'fb.1.1732000000000.1111111111';
const FBP_B = 'fb.1.1732000000000.2222222222';
const lead = (event_id: string, user_data: Record<string, unknown>) => ({
  event_name: 'Lead',
  event_id,
  action_source: 'system_generated' as const,
  user_data,
});

for (const kind of ['memory', 'sqlite'] as const) {
  describe(`consent revocation and forget() (${kind} outbox)`, () => {
    let h: Harness | undefined;
    const start = (options: Record<string, unknown> = {}) =>
      startHarness({ options: { flushIntervalMs: 60_000, ...(kind === 'sqlite' ? { outbox: { sqlite: dbFile() } } : {}), ...options } });
    afterEach(async () => {
      await h?.close();
      h = undefined;
    });

    test('a mirror with consent "denied" purges that visitor\'s undelivered events (by _fbp), not the others', async () => {
      h = await start();
      const a = mirror({ fbp: FBP_A, pixel_ids: [PIXEL_A, PIXEL_B] });
      const b = mirror({ fbp: FBP_B, pixel_ids: [PIXEL_A, PIXEL_B] });
      assert.equal((await h.post(a)).status, 202);
      assert.equal((await h.post(b)).status, 202);
      const denied = await h.post(mirror({ consent: 'denied' }), { cookie: `_fbp=${FBP_A}` });
      assert.equal(denied.json.reason, 'consent');
      assert.equal((await h.tf.stats()).purged, 2, "both pixels' copies");
      await h.tf.flush();
      assert.deepEqual([...new Set((await h.events()).map((e) => e.event_id))], [b.event_id]);
    });

    test('consent(req) false purges too', async () => {
      h = await start({ consent: (req: { headers: Record<string, unknown> }) => req.headers['x-optout'] !== '1' });
      const a = mirror({ fbp: FBP_A, pixel_ids: [PIXEL_A] });
      await h.post(a, { cookie: `_fbp=${FBP_A}` });
      // The purge goes by the browser's own _fbp cookie (a payload fbp could name anyone's).
      await h.post(mirror({ fbp: FBP_A }), { 'x-optout': '1', cookie: `_fbp=${FBP_A}` });
      await h.tf.flush();
      assert.deepEqual(await h.events(), []);
      assert.equal((await h.tf.stats()).queued, 0);
    });

    test("tf.forget({ email | external_id | fbp }) deletes that customer's waiting events and says how many", async () => {
      h = await start();
      await h.tf.send(lead('f-1', { em: 'Jane.Doe@Example.com' }) as any, { pixelIds: [PIXEL_A] });
      await h.tf.send(lead('f-2', { external_id: 'customer-7' }) as any, { pixelIds: [PIXEL_A] });
      await h.tf.send(lead('f-3', { em: 'other@example.com', fbp: FBP_B }) as any, { pixelIds: [PIXEL_A] });
      await h.tf.send(lead('f-4', { em: 'keep@example.com' }) as any, { pixelIds: [PIXEL_A] });
      assert.equal(await h.tf.forget({ email: '  JANE.DOE@example.com ' }), 1, 'normalized and hashed like the pipeline');
      assert.equal(await h.tf.forget({ external_id: 'customer-7' }), 1);
      assert.equal(await h.tf.forget({ fbp: FBP_B }), 1);
      assert.equal(await h.tf.forget({ email: 'nobody@example.com' }), 0);
      await assert.rejects(h.tf.forget({} as any), { code: 'ERR_TWINFIRE_INVALID_ARGUMENT' });
      await h.tf.flush();
      assert.deepEqual(
        (await h.events()).map((e) => e.event_id),
        ['f-4'],
      );
      assert.equal((await h.tf.stats()).purged, 3);
    });

    test('tf.forget({ email }) also finds events whose em arrived already hashed (bare SHA-256, no appendix)', async () => {
      h = await start();
      const hex = createHash('sha256').update('jane.doe@example.com').digest('hex');
      const xid = createHash('sha256').update('customer-7').digest('hex');
      await h.tf.send(lead('h-1', { em: hex }) as any, { pixelIds: [PIXEL_A] });
      await h.tf.send(lead('h-2', { external_id: xid.toUpperCase() }) as any, { pixelIds: [PIXEL_A] });
      await h.tf.send(lead('h-3', { em: 'keep@example.com' }) as any, { pixelIds: [PIXEL_A] });
      assert.equal(await h.tf.forget({ email: 'Jane.Doe@example.com' }), 1);
      assert.equal(await h.tf.forget({ external_id: 'customer-7' }), 1);
      await h.tf.flush();
      assert.deepEqual(
        (await h.events()).map((e) => e.event_id),
        ['h-3'],
      );
    });
  });
}
