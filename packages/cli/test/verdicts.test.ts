// Meta's Dataset Quality numbers -> a verdict per event, with the cause and the fix.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeEvent } from '../src/meta/verdicts.js';

const coverage = (percentage: number) => ({ percentage: percentage });
function element(name: string, cov: number | undefined, id: [number, number, number], extra: Record<string, unknown> = {}) {
  return {
    event_name: name,
    ...(cov === undefined ? {} : { event_coverage: { percentage: cov, goal_percentage: 75 } }),
    dedupe_key_feedback: [
      {
        dedupe_key: 'event_id',
        browser_events_with_dedupe_key: coverage(id[0]),
        server_events_with_dedupe_key: coverage(id[1]),
        overall_browser_coverage_from_dedupe_key: coverage(id[2]),
      },
    ],
    ...extra,
  };
}

test('every twin shares its event_id and coverage meets the goal: deduplicated, passing', () => {
  const verdict = judgeEvent(element('PageView', 98.4, [100, 100, 98.4]));
  assert.equal(verdict.verdict, 'deduplicated');
  assert.equal(verdict.failing, false);
  assert.deepEqual(verdict.eventId, { browser: 100, server: 100, matched: 98.4 });
  assert.deepEqual(verdict.notes, []);
});

test('ids on both sides that never match: broken, failing, and it says the server makes its own id', () => {
  const verdict = judgeEvent(element('Lead', 100, [100, 100, 0]));
  assert.equal(verdict.verdict, 'broken');
  assert.equal(verdict.failing, true);
  assert.match(verdict.notes[0]!, /none match.*counts each pair twice/);
});

test('the Pixel sends no event_id: broken, and the fix is the tag order', () => {
  const verdict = judgeEvent(element('PageView', 90, [0, 100, 0]));
  assert.equal(verdict.verdict, 'broken');
  assert.match(verdict.notes[0]!, /carry no event_id.*before fbevents\.js.*baseCode: true/);
});

test('server events without event_id: broken, naming the server', () => {
  assert.match(judgeEvent(element('AddToCart', 80, [100, 0, 0])).notes[0]!, /server events carry no event_id/);
});

test('twins found by fbp beyond those found by event_id: partly, failing (Meta may count them twice)', () => {
  const verdict = judgeEvent(element('ViewContent', 90, [100, 100, 60]));
  assert.equal(verdict.verdict, 'partly');
  assert.equal(verdict.failing, true);
  assert.match(verdict.notes[0]!, /30% of browser events pair with a server event only by fbp or external_id/);
});

test('coverage under the goal alone: partly, not failing (browser events without a twin are not double counted)', () => {
  const verdict = judgeEvent(element('Purchase', 40, [100, 100, 40]));
  assert.equal(verdict.verdict, 'partly');
  assert.equal(verdict.failing, false);
  assert.match(verdict.notes.join('\n'), /only 40% of browser events have a server twin \(Meta's goal: 75%\)/);
});

test('no dedup data at all: server only, passing, expected for back-office events', () => {
  const verdict = judgeEvent({ event_name: 'Subscribe', event_match_quality: { composite_score: 7.1 } });
  assert.equal(verdict.verdict, 'server only');
  assert.equal(verdict.failing, false);
  assert.equal(verdict.matchQuality, 7.1);
  assert.match(verdict.notes[0]!, /expected for events sent only from the server/);
});

test('browser events and no server events: browser only, passing, pointing at the endpoint', () => {
  const verdict = judgeEvent(element('AddToCart', 0, [100, 0, 0]));
  assert.equal(verdict.verdict, 'browser only');
  assert.equal(verdict.failing, false);
  assert.match(verdict.notes[0]!, /no server events.*app\.use\(tf\)/);
});

test('percentages as strings, weak match keys, Meta diagnostics and slow freshness become advice', () => {
  const verdict = judgeEvent(
    element('Purchase', '100' as unknown as number, [100, 100, 100], {
      event_match_quality: {
        composite_score: '6.2',
        match_key_feedback: [
          { identifier: 'email', coverage: { percentage: 20 } },
          { identifier: 'ip_address', coverage: { percentage: 100 } },
        ],
        diagnostics: [{ name: 'Server sending mismatched IP addresses', percentage: 61.5, solution: "Meta's text" }],
      },
      data_freshness: { upload_frequency: 'hourly' },
    }),
  );
  assert.equal(verdict.verdict, 'deduplicated');
  assert.equal(verdict.matchQuality, 6.2);
  assert.deepEqual(verdict.weakKeys, ['email']);
  const notes = verdict.notes.join('\n');
  assert.match(notes, /"Server sending mismatched IP addresses" \(61\.5% of events\): twinfire sends req\.ip.*trust proxy/);
  assert.match(notes, /arrive hourly/);
});

test('server events without event_id next to twinned ones: partly, not failing', () => {
  const verdict = judgeEvent(element('Purchase', 100, [100, 80, 100]));
  assert.equal(verdict.verdict, 'partly');
  assert.equal(verdict.failing, false);
  assert.match(verdict.notes[0]!, /20% of the server events have no event_id/);
});
