import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harnessFor, mirror } from '../harness.js';

// Issue 12, case 3: a `consent: "denied"` mirror carrying a victim's fbp in its payload deleted the victim's
// queued events. A revocation purges by the `_fbp` cookie of the request only.

const VICTIM = 'fb.1.1732000000000.1111111111';
const ATTACKER = 'fb.1.1732000000000.2222222222';

test("a denied mirror purges by the request's own _fbp cookie, never by a payload fbp", async (t) => {
  const h = await harnessFor(t, { options: { flushIntervalMs: 60_000 } });
  assert.equal((await h.post(mirror({ fbp: VICTIM }), { cookie: `_fbp=${VICTIM}` })).status, 202);
  assert.equal((await h.tf.stats()).queued, 2, "the victim's event, for both pixels");

  const forged = await h.post(mirror({ consent: 'denied', fbp: VICTIM }), { cookie: `_fbp=${ATTACKER}` });
  assert.equal(forged.json.reason, 'consent');
  assert.equal((await h.tf.stats()).queued, 2, "the victim's events are still there");
  assert.equal((await h.tf.stats()).purged, 0);

  const noCookie = await h.post(mirror({ consent: 'denied', fbp: VICTIM }));
  assert.equal(noCookie.json.reason, 'consent');
  assert.equal((await h.tf.stats()).queued, 2, 'without a cookie nothing is purged');

  await h.post(mirror({ consent: 'denied' }), { cookie: `_fbp=${VICTIM}` });
  assert.equal((await h.tf.stats()).queued, 0, 'the victim revoking in their own browser purges');
  assert.equal((await h.tf.stats()).purged, 2);
});
