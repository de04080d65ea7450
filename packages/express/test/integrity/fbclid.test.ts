import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Harness, harnessFor, mirror, waitFor } from '../harness.js';

// Issue 12: an fbclid holding control characters went into the twin's fbc. Only the characters Meta issues
// ([A-Za-z0-9_-], at most 500) make an fbc; any other fbclid is ignored, never an error for the mirror.

const REAL = 'IwZXh0bgNhZW0CMTEAAR2vQ_kP7T3L-8xJYlQm1b2c3d4e5f6_aem_AbCdEfGh12-_xyz';
const MS = 1732000000000;

async function twinOf(h: Harness, payload: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await h.post(payload, headers);
  assert.equal(res.status, 202, res.text.slice(0, 300));
  const event = await waitFor(async () => (await h.events()).find((e: { event_id: string }) => e.event_id === payload.event_id), 5000, 'the twin');
  return { event, setCookie: ([] as string[]).concat(res.headers['set-cookie'] ?? []) };
}

describe('fbclid limited to the characters Meta issues', () => {
  test('a real fbclid in the page URL makes the fbc and its cookie', async (t) => {
    const h = await harnessFor(t);
    const { event, setCookie } = await twinOf(h, mirror({ fbp: undefined, event_source_url: `https://shop.example/p?fbclid=${REAL}` }));
    assert.match(event.user_data.fbc, new RegExp(`^fb\\.[01]\\.\\d{13}\\.${REAL}$`));
    assert.ok(
      setCookie.some((line) => line.startsWith(`_fbc=${event.user_data.fbc};`)),
      setCookie.join(' | '),
    );
  });

  const hostile: [string, string][] = [
    ['a control character', 'IwAR%01abc'],
    ['DEL', 'IwAR%7Fabc'],
    ['a zero-width space', 'IwAR%E2%80%8Babc'],
    ['a slash', 'IwAR%2Fabc'],
    ['a quote', 'IwAR%22abc'],
    ['a non-ASCII letter', 'IwAR%C3%A9abc'],
    ['601 characters', 'A'.repeat(601)],
  ];
  for (const [what, fbclid] of hostile) {
    test(`an fbclid with ${what} is ignored: 202, no fbc, no _fbc cookie`, async (t) => {
      const h = await harnessFor(t);
      const { event, setCookie } = await twinOf(h, mirror({ event_source_url: `https://shop.example/p?fbclid=${fbclid}` }));
      assert.equal(event.user_data.fbc, undefined);
      assert.ok(!setCookie.some((line) => line.startsWith('_fbc=')), setCookie.join(' | '));
    });
  }

  test("an ignored fbclid leaves the visitor's valid _fbc as it was", async (t) => {
    const h = await harnessFor(t);
    const existing = `fb.1.${MS}.${REAL}`;
    const { event } = await twinOf(h, mirror({ referrer: 'https://l.facebook.com/?fbclid=bad%00click' }), { cookie: `_fbc=${existing}` });
    assert.equal(event.user_data.fbc, existing);
  });

  test("the payload's own fbc with such characters is refused: 400 invalid_fbc", async (t) => {
    const h = await harnessFor(t);
    for (const fbc of [`fb.1.${MS}.IwAR\u0001abc`, `fb.1.${MS}.Iw/AR`, `fb.1.${MS}.IwAR\u200b`]) {
      const res = await h.post(mirror({ fbc }));
      assert.equal(res.status, 400, fbc);
      assert.equal(res.json.error.code, 'invalid_fbc');
    }
  });
});
