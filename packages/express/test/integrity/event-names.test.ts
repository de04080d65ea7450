import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TwinfireError } from '@twinfire/express';
import { harnessFor, mirror, UA, waitFor } from '../harness.js';

// Issue 12: "Purchase" followed by U+200B reached Meta as a separate custom event, counted apart from Purchase.

const INVISIBLE: [string, string][] = [
  ['zero-width space U+200B', 'Purchase\u200b'],
  ['zero-width joiner U+200D', 'Add\u200dToCart'],
  ['word joiner U+2060', '\u2060Lead'],
  ['byte order mark U+FEFF', '\ufeffPurchase'],
  ['soft hyphen U+00AD', 'Pur\u00adchase'],
  ['right-to-left override U+202E', 'Purchase\u202e'],
  ['bidi isolate U+2066', '\u2066Lead\u2069'],
  ['no-break space U+00A0', 'Add\u00a0To Cart'],
  ['ideographic space U+3000', 'Add\u3000Cart'],
  ['line separator U+2028', 'Lead\u2028'],
  ['paragraph separator U+2029', 'Lead\u2029'],
  ['C1 control U+0085', 'Lead\u0085'],
  ['tab', 'Add\tCart'],
];

describe('event names of printable characters only', () => {
  test('the endpoint refuses each invisible or control character with 400 invalid_event_name', async (t) => {
    const h = await harnessFor(t);
    for (const [what, name] of INVISIBLE) {
      const res = await h.post(mirror({ event_name: name }));
      assert.equal(res.status, 400, `${what}: ${res.text.slice(0, 200)}`);
      assert.deepEqual([res.json.error.code, res.json.error.field], ['invalid_event_name', 'event_name'], what);
    }
    await h.tf.flush();
    assert.equal((await h.requests()).total.requests, 0);
  });

  test('printable names in any script, with plain spaces, pass unchanged', async (t) => {
    const h = await harnessFor(t);
    const names = ['Add To Cart', 'Käufe', '購入', 'Lead 🎉', 'Purchase'];
    for (const name of names) {
      const extra = name === 'Purchase' ? { custom_data: { value: 1, currency: 'EUR' } } : {};
      assert.equal((await h.post(mirror({ event_name: name, ...extra }))).status, 202, name);
    }
    const events = await waitFor(
      async () => {
        const all = await h.events();
        return all.length === names.length * 2 ? all : undefined;
      },
      5000,
      'every twin',
    );
    assert.ok(events);
    assert.deepEqual([...new Set(events.map((e: { event_name: string }) => e.event_name))].sort(), [...names].sort());
  });

  test('tf.send() applies the same rule: ERR_TWINFIRE_INVALID_EVENT at event_name', async (t) => {
    const h = await harnessFor(t);
    for (const [what, name] of INVISIBLE) {
      await assert.rejects(
        h.tf.send({
          event_name: name,
          action_source: 'website',
          event_source_url: 'https://shop.example/',
          user_data: { client_user_agent: UA, client_ip_address: '203.0.113.9' },
        }),
        (error: unknown) => error instanceof TwinfireError && error.code === 'ERR_TWINFIRE_INVALID_EVENT' && error.field === 'event_name',
        what,
      );
    }
  });
});
