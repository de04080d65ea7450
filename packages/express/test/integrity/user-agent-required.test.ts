import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { harnessFor, mirror, waitFor } from '../harness.js';
import { postExactly } from './door.js';

// Issue 12: a twin without client_user_agent is refused by Meta, and it sinks its whole batch (0 of 5 657
// events delivered in a load run). Such a mirror is refused at the door instead.

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('the door: a User-Agent is required', () => {
  for (const [name, headers] of [
    ['no User-Agent header', {}],
    ['an empty User-Agent', { 'user-agent': '' }],
    ['a white-space User-Agent', { 'user-agent': ' \t ' }],
  ] as const) {
    test(`${name}: 400 missing_user_agent, nothing queued`, async (t) => {
      const h = await harnessFor(t);
      const res = await postExactly(h, mirror(), { origin: h.site.url, ...headers });
      assert.equal(res.status, 400, res.text);
      assert.deepEqual([res.json.error.code, res.json.error.field], ['missing_user_agent', 'user-agent']);
      await h.tf.flush();
      assert.equal((await h.tf.stats()).accepted, 0);
      assert.equal((await h.requests()).total.requests, 0);
      assert.equal((await h.tf.stats()).rejected.missing_user_agent, 1);
    });
  }

  test('a mirror with a User-Agent next to one without: the good one is delivered, with client_user_agent', async (t) => {
    const h = await harnessFor(t);
    const good = mirror();
    assert.equal((await postExactly(h, mirror(), { origin: h.site.url })).status, 400);
    assert.equal((await postExactly(h, good, { origin: h.site.url, 'user-agent': CHROME })).status, 202);
    const events = await waitFor(
      async () => {
        const all = await h.events();
        return all.length === 2 ? all : undefined;
      },
      5000,
      'both pixels',
    );
    assert.ok(events);
    for (const event of events) {
      assert.equal(event.event_id, good.event_id);
      assert.equal(event.user_data.client_user_agent, CHROME);
    }
    assert.deepEqual(await h.rejections(), []);
  });
});
