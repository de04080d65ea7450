import type { MirrorPayload } from '@twinfire/core';
import { type Reply, refuse } from '../endpoint/respond.js';
import type { Runtime } from '../runtime.js';
import { type IntentVerdict, verifyIntent } from './verify-intent.js';

/**
 * Events Meta refuses without `value` and `currency`: stripping them would only trade a forged value for an
 * event Meta rejects (and a dead letter), so these are refused even with `unsigned: 'strip'`.
 */
const VALUE_REQUIRED = new Set(['Purchase']);

/**
 * The endpoint's intent step, for mirrors of an `intents.events` event (others pass untouched). With a valid
 * intent as event_id, the value and currency sent to Meta are the intent's, whatever the page put in
 * custom_data. Without one: 403 `invalid_intent` (`unsigned: 'refuse'`), or the mirror without value and
 * currency (`'strip'`, counted in `stats().stripped`). Returns the payload to queue, or `undefined` once it
 * has answered.
 */
export function applyIntents(rt: Runtime, reply: Reply, payload: MirrorPayload): MirrorPayload | undefined {
  const { intents, secret } = rt.config;
  if (!intents?.events.has(payload.event_name)) return payload;
  const verdict = verifyIntent(secret, payload.event_id, payload.event_name, rt.config.now(), intents.events);
  if (verdict.ok) return { ...payload, custom_data: { ...payload.custom_data, value: verdict.value, currency: verdict.currency } };
  if (intents.unsigned === 'strip' && !VALUE_REQUIRED.has(payload.event_name)) {
    rt.counters.stripped++;
    return withoutValue(payload);
  }
  const why = explain(verdict, payload.event_name);
  const strict =
    intents.unsigned === 'strip' ? ` (${payload.event_name} is refused even with unsigned: 'strip': Meta rejects it without value and currency)` : '';
  refuse(reply, rt.counters, 403, { code: 'invalid_intent', field: 'event_id', message: why + strict });
  return undefined;
}

function withoutValue(payload: MirrorPayload): MirrorPayload {
  const { value: _value, currency: _currency, ...rest } = payload.custom_data ?? {};
  const { custom_data: _data, ...others } = payload;
  return Object.keys(rest).length > 0 ? { ...others, custom_data: rest } : others;
}

function explain(verdict: Exclude<IntentVerdict, { ok: true }>, eventName: string): string {
  switch (verdict.fault) {
    case 'missing':
      return `${eventName} needs a signed intent as its event_id (tf.intent() on the server, rendered into fbq(…, { eventID })); this id is not one`;
    case 'bad_signature':
      return 'the intent in event_id does not verify: it was altered, or signed with another secret';
    case 'other_event':
      return `the intent in event_id was signed for ${verdict.detail}, not ${eventName}`;
    case 'expired':
      return `the intent in event_id expired at ${verdict.detail}`;
  }
}
