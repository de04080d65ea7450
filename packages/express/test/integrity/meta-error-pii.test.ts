import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMAIL, harnessFor, logLines, mirror, waitFor } from '../harness.js';

// Issue 12, case 7: a raw email quoted inside Meta's error message was logged verbatim and kept in
// deadLetters(). Meta's texts are scrubbed of emails, phone numbers and tokens first.

test("Meta's error texts lose emails, phone numbers and tokens before they are logged or kept as dead letters", async (t) => {
  const h = await harnessFor(t);
  const body = mirror();
  await h.fault({
    eventId: body.event_id as string,
    status: 400,
    error: {
      code: 100,
      error_subcode: 2804050,
      message: `Invalid parameter: user email ${EMAIL} with phone +1 (555) 010-0199`,
      error_user_msg: `The value '${EMAIL}' is not valid; token EAAfake0123456789abcdefTOKEN was used`,
    },
  });
  assert.equal((await h.post(body)).status, 202);
  const letters = await waitFor(
    async () => {
      const dead = await h.tf.deadLetters({ event_id: body.event_id as string });
      return dead.length > 0 ? dead : undefined;
    },
    5000,
    'a dead letter',
  );
  const kept = JSON.stringify(letters);
  assert.match(kept, /Invalid parameter: user email \[email\] with phone \[phone\]/);
  assert.match(kept, /The value '\[email\]' is not valid; token \[token\] was used/);
  const logged = logLines.join('\n');
  for (const secret of [EMAIL, EMAIL.toLowerCase(), '555) 010-0199', 'EAAfake0123456789abcdefTOKEN']) {
    assert.ok(!kept.includes(secret), `dead letter keeps ${secret}`);
    assert.ok(!logged.includes(secret), `log keeps ${secret}`);
  }
});
