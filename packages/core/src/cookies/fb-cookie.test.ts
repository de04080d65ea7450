import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildFbc, buildFbp, extractFbclid, fbcForClick, formatFbCookie, isValidFbc, isValidFbp, parseFbCookie, subdomainIndexFor } from '@twinfire/core';

const MS = 1764150000123;
const FBCLID = 'IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB_qa2ofrHyiLjcbCRxTDMgk';

const valid: Array<[kind: 'fbp' | 'fbc', value: string]> = [
  ['fbp', `fb.1.${MS}.1098115397`],
  ['fbp', `fb.0.${MS}.42`],
  ['fbp', `fb.2.${MS}.1098115397`],
  ['fbp', `fb.1.${MS}.1098115397.AQ`], // Parameter Builder v1 appendix
  ['fbp', `fb.1.${MS}.1098115397.AQQCAQMC`], // v2 appendix, 8 characters
  ['fbc', `fb.1.${MS}.${FBCLID}`],
  ['fbc', `fb.1.${MS}.AbC_dEf-123`], // case is kept as is
  ['fbc', `fb.2.${MS}.${FBCLID}.BAQCAQMC`],
];

for (const [kind, value] of valid) {
  test(`${kind} valid: ${value}`, () => {
    const parsed = parseFbCookie(value, kind);
    assert.ok(parsed, 'parses');
    assert.equal(formatFbCookie(parsed, kind), value, 'round-trips unchanged');
    assert.equal(kind === 'fbp' ? isValidFbp(value) : isValidFbc(value), true);
  });
}

test('parts are read correctly, with and without appendix', () => {
  assert.deepEqual(parseFbCookie(`fb.2.${MS}.${FBCLID}`, 'fbc'), { subdomainIndex: 2, creationTime: MS, payload: FBCLID });
  assert.deepEqual(parseFbCookie(`fb.1.${MS}.77.AQQCAQMC`, 'fbp'), {
    subdomainIndex: 1,
    creationTime: MS,
    payload: '77',
    appendix: 'AQQCAQMC',
  });
});

const invalid: Array<[kind: 'fbp' | 'fbc', value: unknown, why: string]> = [
  ['fbc', FBCLID, 'a raw fbclid'],
  ['fbc', `fb.1.${Math.floor(MS / 1000)}.${FBCLID}`, 'seconds instead of milliseconds'],
  ['fbc', `fb.1.${MS}.`, 'empty payload'],
  ['fbc', 'fb..1.x', 'empty subdomain index'],
  ['fbc', `fb.1.${MS}`, 'three segments'],
  ['fbc', `fb.1.${MS}.${FBCLID}.AQ.extra`, 'six segments'],
  ['fbc', `fb.1.${MS}.${FBCLID}.ABC`, 'appendix of 3 characters'],
  ['fbc', `fb.1.${MS}.abc def`, 'white space in fbclid'],
  ['fbc', `fb.1.${MS}.IwAR\u0001abc`, 'a control character in fbclid'],
  ['fbc', `fb.1.${MS}.IwAR\u200babc`, 'a zero-width space in fbclid'],
  ['fbc', `fb.1.${MS}.Iw/AR+x=`, 'base64 (not base64url) characters in fbclid'],
  ['fbc', `fb.1.${MS}.${'A'.repeat(501)}`, 'an fbclid of 501 characters'],
  ['fbc', `FB.1.${MS}.${FBCLID}`, 'upper-case prefix'],
  ['fbc', `fb.x.${MS}.${FBCLID}`, 'non-numeric index'],
  ['fbc', `fb.01.${MS}.${FBCLID}`, 'index with a leading zero'],
  ['fbc', `fb.1.0${MS}.${FBCLID}`, 'fourteen-digit time'],
  ['fbc', '', 'empty string'],
  ['fbc', null, 'null'],
  ['fbc', 12345, 'a number'],
  ['fbp', `fb.1.${MS}.abc`, 'non-numeric fbp payload'],
  ['fbp', `fb.1.${MS}.`, 'empty fbp payload'],
  ['fbp', `fb.1.${Math.floor(MS / 1000)}.1098115397`, 'fbp in seconds'],
  ['fbp', 'fb..1.x', 'fb..1.x'],
  ['fbp', `fb.1.${MS}.${'1'.repeat(21)}`, 'an fbp payload of 21 digits'],
  ['fbp', `fb.1.${MS}.1.${'A'.repeat(9)}`, 'an appendix of 9 characters'],
  ['fbp', `fb.1.${MS}.1.`, 'an empty appendix'],
  ['fbp', `fb.1.${MS}.1.AQ\n`, 'a trailing newline'],
  // What an anonymous client can send as a cookie or in a mirror: refused by length before any pattern runs.
  ['fbc', `fb.1.${MS}.${'A'.repeat(1_000_000)}`, 'a value of a million characters'],
  ['fbp', `fb.1.${MS}.${'1'.repeat(600)}`, 'over 600 characters'],
  ['fbc', `fb.1.${MS}.${'A'.repeat(500)}.${'A'.repeat(90)}`, 'an fbclid of 500 then a 90-character fifth segment'],
];

for (const [kind, value, why] of invalid) {
  test(`${kind} invalid: ${why}`, () => {
    assert.equal(parseFbCookie(value, kind), null);
    assert.equal(kind === 'fbp' ? isValidFbp(value) : isValidFbc(value), false);
  });
}

test('buildFbc and buildFbp make valid values, index 1 by default', () => {
  assert.equal(buildFbc(FBCLID, MS), `fb.1.${MS}.${FBCLID}`);
  assert.equal(buildFbc(FBCLID, MS + 0.7, 2), `fb.2.${MS}.${FBCLID}`);
  assert.equal(buildFbp(MS, 1, 123), `fb.1.${MS}.123`);
  const random = buildFbp(MS);
  assert.ok(isValidFbp(random), random);
  assert.notEqual(buildFbp(MS), buildFbp(MS), 'random payloads differ');
});

test('building from invalid parts throws a TypeError', () => {
  assert.throws(() => buildFbc('', MS), TypeError);
  assert.throws(() => buildFbc('has.dot', MS), TypeError);
  assert.throws(() => buildFbc(FBCLID, MS / 1000), TypeError);
  assert.throws(() => formatFbCookie({ subdomainIndex: 1, creationTime: MS, payload: 'x', appendix: 'toolong123' }, 'fbc'), TypeError);
});

test('subdomainIndexFor counts labels minus one', () => {
  assert.equal(subdomainIndexFor('com'), 0);
  assert.equal(subdomainIndexFor('example.com'), 1);
  assert.equal(subdomainIndexFor('.example.com'), 1);
  assert.equal(subdomainIndexFor('www.shop.example.test'), 3);
});

const urls: Array<[url: unknown, fbclid: string | null]> = [
  [`https://shop.example/p/1?fbclid=${FBCLID}`, FBCLID],
  [`https://shop.example/p/1?utm_source=fb&fbclid=${FBCLID}&x=1#top`, FBCLID],
  ['https://shop.example/p/1?fbclid=IwZXh0bgNhZW0CMTEAAR2v_aem_AbC-d', 'IwZXh0bgNhZW0CMTEAAR2v_aem_AbC-d'],
  ['https://shop.example/p/1?fbclid=Iw%2DAR', 'Iw-AR'], // percent escapes are decoded first
  [`https://shop.example/p/1?fbclid=${'A'.repeat(500)}`, 'A'.repeat(500)],
  ['https://shop.example/p/1?fbclid=a%2Bb', null], // not a character Meta issues: ignored, no fbc from it
  ['https://shop.example/p/1?fbclid=100%', null], // malformed escape
  ['https://shop.example/p/1?fbclid=IwAR%01abc', null], // control character
  ['https://shop.example/p/1?fbclid=IwAR%E2%80%8B', null], // zero-width space
  ['https://shop.example/p/1?fbclid=IwAR%C3%A9', null], // non-ASCII letter
  ['https://shop.example/p/1?fbclid=Iw.AR', null], // the fbc separator
  [`https://shop.example/p/1?fbclid=${'A'.repeat(501)}`, null],
  ['https://shop.example/p/1?xfbclid=abc', null],
  ['https://shop.example/p/1?fbclid=', null],
  ['https://shop.example/#?fbclid=abc', null], // a `?` inside the fragment is not a query
  ['https://shop.example/p/1', null],
  [undefined, null],
];
for (const [url, expected] of urls) {
  test(`extractFbclid(${JSON.stringify(url)})`, () => {
    assert.equal(extractFbclid(url), expected);
  });
}

test('fbcForClick keeps the first creation time for the same fbclid', () => {
  const first = fbcForClick({ fbclid: FBCLID, now: MS });
  assert.equal(first, `fb.1.${MS}.${FBCLID}`);
  assert.equal(fbcForClick({ fbclid: FBCLID, existing: first, now: MS + 86_400_000 }), first);
});

test('fbcForClick mints a new value when the fbclid changes', () => {
  const old = `fb.1.${MS}.oldclick`;
  assert.equal(fbcForClick({ fbclid: 'newclick', existing: old, now: MS + 5000, subdomainIndex: 2 }), `fb.2.${MS + 5000}.newclick`);
});

test('fbcForClick keeps an existing valid value (appendix included) when there is no click', () => {
  const existing = `fb.1.${MS}.${FBCLID}.AQQCAQMC`;
  assert.equal(fbcForClick({ fbclid: null, existing, now: MS }), existing);
  assert.equal(fbcForClick({ fbclid: FBCLID, existing, now: MS + 1 }), existing);
});

test('fbcForClick never returns a malformed value', () => {
  assert.equal(fbcForClick({ fbclid: null, existing: FBCLID, now: MS }), null);
  assert.equal(fbcForClick({ fbclid: 'bad.click', existing: null, now: MS }), null);
  assert.equal(fbcForClick({ fbclid: FBCLID, existing: 'garbage', now: MS }), `fb.1.${MS}.${FBCLID}`);
});
