// GET /{version}/dataset_quality: Meta's Dataset Quality API, answered from the emulator's own records.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addFaults, emulatorFor, manualClock, pixelHit, postEvents, requestJson, validEvent } from '../../test/helpers.js';

const FIELDS =
  'web{event_name, event_coverage{percentage,goal_percentage}, dedupe_key_feedback{dedupe_key, browser_events_with_dedupe_key{percentage}, ' +
  'server_events_with_dedupe_key{percentage}, overall_browser_coverage_from_dedupe_key{percentage}}, event_match_quality{composite_score, ' +
  'match_key_feedback, diagnostics}, data_freshness{upload_frequency}}';
const FBP = 'fb.1.1736942400000.1234567890';

function quality(base: string, query: Record<string, string>, init: RequestInit = {}) {
  return requestJson(`${base}/v26.0/dataset_quality?${new URLSearchParams(query)}`, init);
}

const byName = (web: any[], name: string) => web.find((event) => event.event_name === name);
const key = (event: any, name: string) => event.dedupe_key_feedback.find((k: any) => k.dedupe_key === name);

test('per event: a deduplicated pair, ids that differ, a server-only event and a browser-only one, in Meta shapes', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  // PageView: two browser events, both twinned by event_id (one twin sent twice: a retry counts once).
  await pixelHit(emulator.url, { id: '1234', ev: 'PageView', eid: 'pv-1', fbp: FBP });
  await pixelHit(emulator.url, { id: '1234', ev: 'PageView', eid: 'pv-2', fbp: FBP });
  const pageView = (id: string) =>
    validEvent(clock.seconds(), {
      event_name: 'PageView',
      event_id: id,
      user_data: { ...(validEvent(0).user_data as object), client_ip_address: '127.0.0.1' },
    });
  assert.equal((await postEvents(emulator.url, { data: [pageView('pv-1'), pageView('pv-2')] })).status, 200);
  assert.equal((await postEvents(emulator.url, { data: [pageView('pv-2')] })).status, 200);
  // Lead: the page's id and the server's differ; the fbp is shared, so they are twins Meta counts twice.
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'page-id', fbp: FBP });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_name: 'Lead', event_id: 'server-id' })] });
  // Purchase: server only (an order webhook). AddToCart: browser only.
  await postEvents(emulator.url, {
    data: [validEvent(clock.seconds(), { event_name: 'Purchase', event_id: 'o-1', custom_data: { value: 10, currency: 'EUR' } })],
  });
  await pixelHit(emulator.url, { id: '1234', ev: 'AddToCart', eid: 'c-1', fbp: FBP });
  // An in-store sale is not a website event: Meta's `web` list (and the emulator's) leaves it out.
  const store = validEvent(clock.seconds(), {
    event_name: 'Purchase',
    event_id: 's-1',
    action_source: 'physical_store',
    custom_data: { value: 5, currency: 'EUR' },
  });
  assert.equal((await postEvents(emulator.url, { data: [store] })).status, 200);

  const { status, body } = await quality(emulator.url, { dataset_id: '1234', fields: FIELDS }, { headers: { authorization: 'Bearer test-token' } });
  assert.equal(status, 200);
  assert.deepEqual(
    body.web.map((e: any) => e.event_name),
    ['AddToCart', 'Lead', 'PageView', 'Purchase'],
  );

  const pv = byName(body.web, 'PageView');
  assert.deepEqual(pv.event_coverage, { percentage: 100, goal_percentage: 75 });
  assert.deepEqual(key(pv, 'event_id'), {
    dedupe_key: 'event_id',
    browser_events_with_dedupe_key: { percentage: 100 },
    server_events_with_dedupe_key: { percentage: 100 },
    overall_browser_coverage_from_dedupe_key: { percentage: 100 },
  });
  // Coverage is credited to the first key that finds the twin: event_id, so fbp adds nothing.
  assert.equal(key(pv, 'fbp').overall_browser_coverage_from_dedupe_key.percentage, 0);
  assert.equal(key(pv, 'fbp').browser_events_with_dedupe_key.percentage, 100);
  assert.equal(pv.data_freshness.upload_frequency, 'real_time');
  assert.equal(pv.event_match_quality.diagnostics.length, 0, 'same IP on both sides: no diagnostic');
  const email = pv.event_match_quality.match_key_feedback.find((k: any) => k.identifier === 'email');
  assert.deepEqual(email, { identifier: 'email', coverage: { percentage: 100 } });
  assert.equal(pv.event_match_quality.match_key_feedback.find((k: any) => k.identifier === 'phone').coverage.percentage, 0);
  assert.ok(pv.event_match_quality.composite_score > 0 && pv.event_match_quality.composite_score <= 10);

  const lead = byName(body.web, 'Lead');
  assert.equal(lead.event_coverage.percentage, 100, 'twinned by fbp');
  assert.equal(key(lead, 'event_id').overall_browser_coverage_from_dedupe_key.percentage, 0, 'but not by event_id');
  assert.equal(key(lead, 'event_id').server_events_with_dedupe_key.percentage, 100);
  assert.equal(key(lead, 'fbp').overall_browser_coverage_from_dedupe_key.percentage, 100);

  const purchase = byName(body.web, 'Purchase');
  assert.equal(purchase.event_coverage, undefined, 'no browser events: no coverage to report');
  assert.equal(purchase.dedupe_key_feedback, undefined);
  assert.ok(purchase.event_match_quality);

  const cart = byName(body.web, 'AddToCart');
  assert.equal(cart.event_coverage.percentage, 0);
  assert.equal(key(cart, 'event_id').server_events_with_dedupe_key.percentage, 0);
  assert.equal(cart.event_match_quality, undefined, 'no server events: no match quality');

  // The page's numbers (GET /_emulator/quality) are the same measurements, as counts.
  const counts = (await requestJson(`${emulator.url}/_emulator/quality`)).body.pixels[0].events;
  const count = (name: string) => counts.find((e: any) => e.event_name === name);
  assert.deepEqual([count('PageView').browser_events, count('PageView').server_events, count('PageView').deduplicated_pairs], [2, 2, 2]);
  assert.deepEqual([count('Lead').covered_browser_events, count('Lead').deduplicated_pairs, count('Lead').counted_twice], [1, 0, 1]);
  assert.equal(count('Purchase').server_events, 1, 'the in-store Purchase is not counted');
});

test('the projection returns what was asked; without fields, every metric; unknown or misspelled fields are refused as Graph does', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'a' });
  await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'a' })] });

  const names = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_name}', access_token: 'test-token' });
  assert.deepEqual(names.body, { web: [{ event_name: 'Lead' }] });
  const sub = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_coverage{goal_percentage}}', access_token: 'test-token' });
  assert.deepEqual(sub.body, { web: [{ event_coverage: { goal_percentage: 75 } }] });
  const all = await quality(emulator.url, { dataset_id: '1234', access_token: 'test-token' });
  assert.deepEqual(Object.keys(all.body.web[0]).sort(), ['data_freshness', 'dedupe_key_feedback', 'event_coverage', 'event_match_quality', 'event_name']);

  const misspelled = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_name,dedup_key_feedback}', access_token: 'test-token' });
  assert.equal(misspelled.status, 400);
  assert.equal(misspelled.body.error.code, 100);
  assert.equal(misspelled.body.error.message, '(#100) Tried accessing nonexisting field (dedup_key_feedback) on node type (AdsPixelCAPIIntegrationQuality)');
  const top = await quality(emulator.url, { dataset_id: '1234', fields: 'events', access_token: 'test-token' });
  assert.match(top.body.error.message, /nonexisting field \(events\)/);
  const syntax = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_name', access_token: 'test-token' });
  assert.equal(syntax.status, 400);
  assert.match(syntax.body.error.message, /^\(#100\) Syntax error/);
  const scalar = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_name{x}}', access_token: 'test-token' });
  assert.equal(scalar.status, 400);
});

test('tokens, dataset ids and paths: Meta errors', async (t) => {
  const emulator = await emulatorFor(t, { acceptedTokens: ['good'] });
  const missing = await quality(emulator.url, { dataset_id: '1234' });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, 190);
  const wrong = await quality(emulator.url, { dataset_id: '1234' }, { headers: { authorization: 'Bearer bad' } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error.code, 190);
  assert.ok(!JSON.stringify(wrong.body).includes('bad'), 'the token is not echoed');
  const noDataset = await quality(emulator.url, { access_token: 'good' });
  assert.equal(noDataset.body.error.code, 100);
  assert.match(noDataset.body.error.message, /dataset_id is required/);
  // No events for this dataset: Graph answers an empty object, not an empty list.
  const empty = await quality(emulator.url, { dataset_id: '999', access_token: 'good' });
  assert.deepEqual(empty, { status: 200, body: {} });
  const nested = await requestJson(`${emulator.url}/v26.0/1234/dataset_quality?access_token=good`);
  assert.equal(nested.status, 400);
  assert.equal(nested.body.error.code, 2500);
  assert.equal(nested.body.error.message, 'Unknown path components: /dataset_quality');
});

test('faults with endpoint dataset_quality script Meta refusals (an expired token); events faults leave it alone', async (t) => {
  const emulator = await emulatorFor(t);
  await addFaults(emulator.url, { status: 500 });
  assert.equal((await quality(emulator.url, { dataset_id: '1234', access_token: 't' })).status, 200, 'an events fault does not answer dataset_quality');
  const added = await addFaults(emulator.url, {
    endpoint: 'dataset_quality',
    pixelId: '1234',
    error: { code: 190, error_subcode: 463, message: 'Error validating access token: Session has expired' },
  });
  assert.equal(added.status, 200);
  assert.equal((await quality(emulator.url, { dataset_id: '555', access_token: 't' })).status, 200, 'another dataset is not affected');
  const expired = await quality(emulator.url, { dataset_id: '1234', access_token: 't' });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.error_subcode, 463);
  const bad = await addFaults(emulator.url, { endpoint: 'insights', status: 500 });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message, /endpoint must be one of events, dataset_quality/);
});

test('diagnostics and freshness: a server IP that differs from the Pixel hit, a missing fbp, events sent a day late', async (t) => {
  const clock = manualClock();
  const emulator = await emulatorFor(t, { now: clock.now });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'a', fbp: FBP });
  await pixelHit(emulator.url, { id: '1234', ev: 'Lead', eid: 'b', fbp: FBP });
  const late = clock.seconds() - 20 * 3600;
  const { fbp: _fbp, ...withoutFbp } = validEvent(0).user_data as Record<string, unknown>;
  // The Pixel hits came from 127.0.0.1; the server says 203.0.113.7 (its own address, say).
  await postEvents(emulator.url, { data: [validEvent(late, { event_id: 'a' }), validEvent(late, { event_id: 'b', user_data: withoutFbp })] });
  const { body } = await quality(emulator.url, { dataset_id: '1234', fields: 'web{event_match_quality{diagnostics},data_freshness}', access_token: 't' });
  const [lead] = body.web;
  assert.equal(lead.data_freshness.upload_frequency, 'daily');
  const diagnostics = lead.event_match_quality.diagnostics;
  const ip = diagnostics.find((d: any) => d.name === 'Server sending mismatched IP addresses');
  assert.deepEqual([ip.affected_event_count, ip.total_event_count, ip.percentage], [2, 2, 100]);
  const fbp = diagnostics.find((d: any) => /fbp/.test(d.name));
  assert.deepEqual([fbp.affected_event_count, fbp.total_event_count, fbp.percentage], [1, 2, 50]);
  assert.ok(fbp.solution);
});
