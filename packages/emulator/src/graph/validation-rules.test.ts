// One accepted and one rejected request per validation rule, over real HTTP. The rejected event sits at
// index 1 behind a valid one, so each case also checks that one bad event refuses the whole request.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emulatorFor, listEvents, manualClock, postEvents, sha256, validEvent } from '../../test/helpers.js';
import { HASHED_KEYS } from './formats.js';

type Event = Record<string, unknown>;
type Edit = (event: Event, now: number) => Event;

const DAY = 24 * 60 * 60;
const h = sha256('x');
const withUser =
  (extra: Event, drop: string[] = []): Edit =>
  (event) => {
    const userData = { ...(event['user_data'] as Event), ...extra };
    for (const key of drop) delete userData[key];
    return { ...event, user_data: userData };
  };
const set =
  (fields: Event): Edit =>
  (event) => ({ ...event, ...fields });
const without =
  (...keys: string[]): Edit =>
  (event) =>
    Object.fromEntries(Object.entries(event).filter(([k]) => !keys.includes(k)));
const onlyUser =
  (userData: Event, fields: Event = {}): Edit =>
  (event) => ({ ...event, ...fields, user_data: userData });

interface Case {
  rule: string;
  subcode: number;
  accepted: Edit;
  rejected: Edit;
}

const CASES: Case[] = [
  { rule: 'event_invalid', subcode: 2804019, accepted: (e) => e, rejected: () => 'not an event' as unknown as Event },
  { rule: 'event_name_missing', subcode: 2804019, accepted: set({ event_name: 'MyCustomEvent' }), rejected: set({ event_name: '' }) },
  {
    rule: 'event_time_invalid',
    subcode: 2804019,
    accepted: (e, now) => ({ ...e, event_time: now - 5 }),
    rejected: (e, now) => ({ ...e, event_time: String(now) }),
  },
  { rule: 'event_time_invalid', subcode: 2804019, accepted: (e) => e, rejected: (e, now) => ({ ...e, event_time: now + 0.5 }) },
  {
    rule: 'event_time_too_old',
    subcode: 2804003,
    accepted: (e, now) => ({ ...e, event_time: now - 7 * DAY }),
    rejected: (e, now) => ({ ...e, event_time: now - 7 * DAY - 1 }),
  },
  {
    rule: 'event_time_in_future',
    subcode: 2804019,
    accepted: (e, now) => ({ ...e, event_time: now + 60 }),
    rejected: (e, now) => ({ ...e, event_time: now + 61 }),
  },
  { rule: 'event_time_in_future', subcode: 2804019, accepted: (e) => e, rejected: (e, now) => ({ ...e, event_time: now * 1000 }) },
  { rule: 'action_source_invalid', subcode: 2804019, accepted: set({ action_source: 'physical_store' }), rejected: set({ action_source: 'web' }) },
  { rule: 'action_source_invalid', subcode: 2804019, accepted: set({ action_source: 'system_generated' }), rejected: without('action_source') },
  {
    rule: 'event_source_url_missing',
    subcode: 2804019,
    accepted: (e) => without('event_source_url')({ ...e, action_source: 'email' }, 0),
    rejected: without('event_source_url'),
  },
  {
    rule: 'client_user_agent_missing',
    subcode: 2804019,
    accepted: (e) => withUser({}, ['client_user_agent'])({ ...e, action_source: 'app' }, 0),
    rejected: withUser({}, ['client_user_agent']),
  },
  { rule: 'user_data_missing', subcode: 2804050, accepted: (e) => e, rejected: without('user_data') },
  {
    rule: 'customer_information_insufficient',
    subcode: 2804050,
    accepted: onlyUser({ external_id: 'crm-42' }, { action_source: 'system_generated' }),
    rejected: onlyUser({}, { action_source: 'system_generated' }),
  },
  {
    rule: 'customer_information_too_broad',
    subcode: 2804050,
    accepted: onlyUser({ ct: h, country: h, st: h, zp: h, ge: h, client_user_agent: 'UA', client_ip_address: '203.0.113.7' }),
    rejected: onlyUser({ ct: h, country: h, st: h, zp: h, ge: h, client_user_agent: 'UA' }),
  },
  {
    rule: 'customer_information_too_broad',
    subcode: 2804050,
    accepted: onlyUser({ db: h, client_user_agent: 'UA', em: h }),
    rejected: onlyUser({ db: h, client_user_agent: 'UA' }),
  },
  {
    rule: 'customer_information_too_broad',
    subcode: 2804050,
    accepted: onlyUser({ fn: h, ln: h, ge: h }, { action_source: 'chat' }),
    rejected: onlyUser({ fn: h, ge: h }, { action_source: 'chat' }),
  },
  {
    rule: 'customer_information_too_broad',
    subcode: 2804050,
    accepted: onlyUser({ ln: h, ge: h, ph: h }, { action_source: 'chat' }),
    rejected: onlyUser({ ln: h }, { action_source: 'chat' }),
  },
  ...HASHED_KEYS.map(
    (key): Case => ({
      rule: 'hashed_value_invalid',
      subcode: 2804019,
      accepted: withUser({ [key]: [h, `${sha256('y')}.AbCd_-12`] }),
      rejected: withUser({ [key]: 'Plain Value' }),
    }),
  ),
  { rule: 'hashed_value_invalid', subcode: 2804019, accepted: withUser({ em: `${h}.Ab` }), rejected: withUser({ em: h.toUpperCase() }) },
  { rule: 'hashed_value_invalid', subcode: 2804019, accepted: withUser({ em: [h] }), rejected: withUser({ em: `${h}.abc` }) },
  {
    rule: 'client_ip_address_invalid',
    subcode: 2804019,
    accepted: withUser({ client_ip_address: '2001:db8::1' }),
    rejected: withUser({ client_ip_address: '999.1.1.1' }),
  },
  {
    rule: 'client_ip_address_invalid',
    subcode: 2804019,
    accepted: withUser({ client_ip_address: '198.51.100.2' }),
    rejected: withUser({ client_ip_address: sha256('198.51.100.2') }),
  },
  {
    rule: 'fbp_invalid',
    subcode: 2804019,
    accepted: withUser({ fbp: 'fb.2.1736942400000.987654321.AbCdEf12' }),
    rejected: withUser({ fbp: '1736942400000.987654321' }),
  },
  { rule: 'fbc_invalid', subcode: 2804001, accepted: withUser({ fbc: 'fb.1.1736942400000.IwAR2xYz_-Q' }), rejected: withUser({ fbc: 'IwAR2xYz_-Q' }) },
  {
    rule: 'fbc_invalid',
    subcode: 2804001,
    accepted: withUser({ fbc: 'fb.1.1736942400000.IwAR2xYz.AbCdEf12' }),
    rejected: withUser({ fbc: 'fb.1.1736942400.IwAR2xYz' }),
  },
  { rule: 'custom_data_invalid', subcode: 2804019, accepted: set({ custom_data: { content_name: 'Shoes' } }), rejected: set({ custom_data: 'Shoes' }) },
  {
    rule: 'currency_invalid',
    subcode: 2804019,
    accepted: set({ custom_data: { value: 3, currency: 'EUR' } }),
    rejected: set({ custom_data: { value: 3, currency: 'EURO' } }),
  },
  {
    rule: 'purchase_value_missing',
    subcode: 2804019,
    accepted: set({ event_name: 'Purchase', custom_data: { value: 0, currency: 'USD' } }),
    rejected: set({ event_name: 'Purchase', custom_data: { value: '19.99', currency: 'USD' } }),
  },
  {
    rule: 'purchase_currency_missing',
    subcode: 2804019,
    accepted: set({ event_name: 'Purchase', custom_data: { value: 19.99, currency: 'usd' } }),
    rejected: set({ event_name: 'Purchase', custom_data: { value: 19.99 } }),
  },
];

for (const [i, c] of CASES.entries()) {
  test(`rule ${c.rule} (#${i}): accepts the valid variant`, async (t) => {
    const clock = manualClock();
    const emulator = await emulatorFor(t, { now: clock.now });
    const event = c.accepted(validEvent(clock.seconds()), clock.seconds());
    const response = await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'first' }), event] });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.events_received, 2);
    assert.deepEqual(response.body.messages, []);
    assert.equal((await listEvents(emulator.url)).length, 2);
  });

  test(`rule ${c.rule} (#${i}): rejects the whole request naming event 1`, async (t) => {
    const clock = manualClock();
    const emulator = await emulatorFor(t, { now: clock.now });
    const event = c.rejected(validEvent(clock.seconds()), clock.seconds());
    const response = await postEvents(emulator.url, { data: [validEvent(clock.seconds(), { event_id: 'first' }), event] });
    assert.equal(response.status, 400);
    const { error } = response.body;
    assert.equal(error.type, 'OAuthException');
    assert.equal(error.code, 100);
    assert.equal(error.error_subcode, c.subcode);
    assert.match(error.error_user_msg, new RegExp(`^Event 1: .*\\[rule ${c.rule}\\]$`));
    assert.ok(error.error_user_title);
    assert.match(error.fbtrace_id, /^A[\w-]{22}$/);
    assert.equal((await listEvents(emulator.url)).length, 0, 'no event of a rejected request is recorded');
  });
}
