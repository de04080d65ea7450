import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ParamBuilder } from 'capi-param-builder-nodejs';
import { harnessFor, mirror, waitFor } from '../harness.js';

// Issue 12: an external_id of 32 hex characters (a UUID without dashes) was silently dropped, while Meta's
// Parameter Builder and the Pixel pass it on (lower-cased) as an already hashed id.

const CUSTOMER = '3F2504E04F8941D39A0C0305E82C3301';
const expected = new ParamBuilder().getNormalizedAndHashedPII(CUSTOMER, 'external_id');

describe('integrity: a 32-hex external_id reaches Meta', () => {
  test("from a mirror's advanced matching and from tf.send(), as the Parameter Builder gives it", async (t) => {
    const h = await harnessFor(t);
    const res = await h.post(mirror({ pixel_ids: ['111111111111111'], user_data: { external_id: CUSTOMER } }));
    assert.equal(res.status, 202, res.text);
    // Nothing else in user_data that Meta could match on: before the fix, tf.send() refused this event.
    const sent = await h.tf.send(
      { event_name: 'Subscribe', action_source: 'system_generated', user_data: { external_id: CUSTOMER } },
      { pixelIds: ['111111111111111'] },
    );
    assert.equal(sent.queued, 1);
    await waitFor(
      async () => {
        await h.tf.flush();
        return (await h.events()).length === 2;
      },
      5000,
      'both events at the emulator',
      () => h.rejections(),
    );
    for (const event of await h.events()) assert.equal(event.user_data.external_id, expected, event.event_name);
    assert.deepEqual(await h.rejections(), []);
  });
});
