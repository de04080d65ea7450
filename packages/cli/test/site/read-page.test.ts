/** The tag scanner and the traffic readers, without a browser. */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge } from '../../src/site/browser-check.ts';
import { configEndpoint, hasBaseCodeAppendix } from '../../src/site/check-script.ts';
import { findTags, isTwinfireSrc, scanScripts } from '../../src/site/read-page.ts';
import { answerMirrors, readMirrors, readPixelHit } from '../../src/site/read-traffic.ts';
import type { MirrorSeen } from '../../src/site/types.ts';

test('scanScripts: document order, attribute quoting and case, comments skipped, inline text kept', () => {
  const page = `<!doctype html><HEAD>
    <!-- <script src="/old/twinfire.js"></script> -->
    <Script Type=text/javascript SRC = '/a.js?x=1&amp;y=2' DEFER></Script>
    <script>var s = "<script src='/twinfire.js'>";</script>
    <script data-endpoint="/t/e" src="https://cdn.example/js/twinfire.min.js" async></script>
    <scripts src="/twinfire.js"></scripts>
  </HEAD>`;
  const tags = scanScripts(page);
  assert.equal(tags.length, 3);
  assert.equal(tags[0]!.src, '/a.js?x=1&y=2');
  assert.equal(tags[0]!.attributes.get('defer'), '');
  assert.equal(tags[0]!.attributes.get('type'), 'text/javascript');
  assert.equal(tags[1]!.src, undefined);
  assert.match(tags[1]!.text, /var s/);
  assert.equal(tags[2]!.attributes.get('data-endpoint'), '/t/e');
  assert.ok(tags[2]!.attributes.has('async'));
  const found = findTags(page);
  assert.equal(found.twinfire?.index, 2);
  assert.equal(found.twinfireCount, 1);
});

test('isTwinfireSrc: any path, .min, query; not lookalikes', () => {
  for (const src of ['/twinfire.js', 'twinfire.js', '/t/twinfire.js?v=2', 'https://x.example/a/twinfire.min.js#h', '/TWINFIRE.JS'])
    assert.ok(isTwinfireSrc(src), src);
  for (const src of ['/not-twinfire.js', '/twinfire.json', '/twinfire.js/other.js']) assert.ok(!isTwinfireSrc(src), src);
});

test('findTags: base code inline or as fbevents.js src, first one wins', () => {
  const inline = findTags(`<script src="/twinfire.js"></script><script>t.src='https://connect.facebook.net/en_US/fbevents.js'</script>`);
  assert.equal(inline.baseCode?.index, 1);
  const src = findTags(`<script async src="https://connect.facebook.net/en_US/fbevents.js"></script><script src="/twinfire.js"></script>`);
  assert.equal(src.baseCode?.index, 0);
  assert.equal(findTags('<script src="/twinfire.js"></script>').baseCode, undefined);
});

test("findTags: the page's own window.twinfireConfig endpoint, before the tag only", () => {
  const before = findTags(`<script>window.twinfireConfig = { consent: 'required', endpoint: '/t/e' };</script><script src="/twinfire.js"></script>`);
  assert.equal(before.configEndpoint, '/t/e');
  const after = findTags(`<script src="/twinfire.js"></script><script>window.twinfireConfig = { endpoint: '/t/e' };</script>`);
  assert.equal(after.configEndpoint, undefined);
});

test('the served script: endpoint prefix and one-tag appendix', () => {
  assert.equal(configEndpoint('try{window.twinfireConfig={endpoint:"/t/twinfire",...window.twinfireConfig}}catch{}\n!function(){}'), '/t/twinfire');
  assert.equal(configEndpoint('try{window.twinfireConfig={endpoint:"\\u003cx",...}}'), '<x');
  assert.equal(configEndpoint('!function(){window.twinfireConfig}'), undefined);
  assert.ok(hasBaseCodeAppendix(';/* twinfire one-tag mode: Meta Pixel base code */\n!function(f){}'));
  assert.ok(!hasBaseCodeAppendix('!function(){twinfireConfig}'));
});

test('readPixelHit: query string, urlencoded POST, multipart POST; not other paths', () => {
  assert.deepEqual(readPixelHit('https://www.facebook.com/tr/?id=1&ev=PageView&eid=abc', undefined, undefined), {
    pixel_id: '1',
    event_name: 'PageView',
    event_id: 'abc',
  });
  assert.deepEqual(readPixelHit('https://www.facebook.com/tr?id=1&ev=Lead', undefined, undefined), { pixel_id: '1', event_name: 'Lead' });
  assert.deepEqual(readPixelHit('https://www.facebook.com/tr/', 'id=2&ev=Purchase&eid=p-1', 'application/x-www-form-urlencoded'), {
    pixel_id: '2',
    event_name: 'Purchase',
    event_id: 'p-1',
  });
  const multipart = [
    '------b1',
    'Content-Disposition: form-data; name="id"',
    '',
    '3',
    '------b1',
    'Content-Disposition: form-data; name="ev"',
    '',
    'AddToCart',
    '------b1',
    'Content-Disposition: form-data; name="eid"',
    '',
    'e-9',
    '------b1--',
    '',
  ].join('\r\n');
  assert.deepEqual(readPixelHit('https://www.facebook.com/tr/', multipart, 'multipart/form-data; boundary=----b1'), {
    pixel_id: '3',
    event_name: 'AddToCart',
    event_id: 'e-9',
  });
  assert.equal(readPixelHit('https://www.facebook.com/track?id=1&ev=PageView', undefined, undefined), undefined);
  assert.equal(readPixelHit('https://www.facebook.com/tr?id=1', undefined, undefined), undefined);
});

test('a batch body as the script sends it: shared fields hoisted (v, event_name), answered event by event', () => {
  const body = JSON.stringify({ v: 1, event_name: 'ViewContent', event_time: 1, events: [{ event_id: 'a' }, { event_id: 'b', event_name: 'Lead' }] });
  const seen = readMirrors(body);
  assert.deepEqual(seen, [
    { event_name: 'ViewContent', event_id: 'a' },
    { event_name: 'Lead', event_id: 'b' },
  ]);
  answerMirrors(
    seen,
    202,
    JSON.stringify({
      ok: true,
      results: [
        { status: 202, ok: true, event_id: 'a', queued: 1 },
        { status: 429, error: { code: 'rate_limited' } },
      ],
    }),
  );
  assert.deepEqual(seen[0], { event_name: 'ViewContent', event_id: 'a', status: 202, queued: 1 });
  assert.deepEqual(seen[1], { event_name: 'Lead', event_id: 'b', status: 429, reason: 'rate_limited' });
  // An event the check cannot name (no id) is skipped, and the answers stay with their own events.
  const skipped = readMirrors(JSON.stringify({ v: 1, event_name: 'Lead', events: [{}, { event_id: 'c' }] }));
  answerMirrors(
    skipped,
    202,
    JSON.stringify({
      ok: true,
      results: [
        { status: 400, error: { code: 'missing_field' } },
        { status: 202, queued: 1 },
      ],
    }),
  );
  assert.deepEqual(skipped, [{ event_name: 'Lead', event_id: 'c', status: 202, queued: 1 }]);
});

test('readMirrors: one, {events}; not an array or other JSON', () => {
  const one = { v: 1, event_name: 'PageView', event_id: 'a' };
  const two = { v: 1, event_name: 'Lead', event_id: 'b' };
  assert.deepEqual(readMirrors(JSON.stringify(one)), [{ event_name: 'PageView', event_id: 'a' }]);
  assert.equal(readMirrors(JSON.stringify([one, two])).length, 0, 'an array is no body the server reads');
  assert.equal(readMirrors(JSON.stringify({ events: [one, two] })).length, 2);
  assert.deepEqual(readMirrors('{"v":2,"event_name":"x","event_id":"y"}'), []);
  assert.deepEqual(readMirrors('not json'), []);
  const seen: MirrorSeen[] = [{ event_name: 'PageView', event_id: 'a' }];
  answerMirrors(seen, 202, '{"ok":true,"event_id":"a","queued":0,"reason":"consent"}');
  assert.deepEqual(seen[0], { event_name: 'PageView', event_id: 'a', status: 202, queued: 0, reason: 'consent' });
});

test('judge: no hits, hits without eid, missing twins, unanswered, queued 0 with its reason', () => {
  assert.equal(judge([], [], true)[0]!.status, 'fail');
  assert.deepEqual(judge([], [], false), []);
  const findings = judge(
    [
      { pixel_id: '1', event_name: 'PageView' },
      { pixel_id: '1', event_name: 'Lead', event_id: 'l' },
      { pixel_id: '1', event_name: 'Purchase', event_id: 'p' },
      { pixel_id: '1', event_name: 'Search', event_id: 's' },
      { pixel_id: '1', event_name: 'ViewContent', event_id: 'v' },
    ],
    [
      { event_name: 'Purchase', event_id: 'p', status: 500 },
      { event_name: 'Search', event_id: 's', status: 202, queued: 0, reason: 'consent' },
      { event_name: 'ViewContent', event_id: 'v', status: 202, queued: 0, reason: 'bot' },
    ],
    true,
  );
  const of = (check: string) => findings.filter((f) => f.check === check);
  assert.equal(of('browser.eid').length, 1);
  assert.match(of('browser.eid')[0]!.message, /PageView/);
  const twins = of('browser.twins');
  assert.deepEqual(
    twins.map((f) => f.status),
    ['fail', 'fail', 'warn', 'warn'],
  );
  assert.match(twins[0]!.message, /Lead l has no mirror/);
  assert.match(twins[1]!.message, /500/);
  assert.match(twins[2]!.message, /not consented/);
  assert.match(twins[3]!.message, /bot/);
});
