import { randomUUID } from 'node:crypto';
import { ACTION_SOURCES, isActionSource, parseMirrorPayload, type ServerEvent } from '@twinfire/core';
import { TwinfireError } from '../errors.js';
import { insufficientCustomerInformation } from './customer-information.js';
import { pickUserData } from './user-data-fields.js';

const FIELDS = [
  'event_name',
  'event_time',
  'event_id',
  'action_source',
  'event_source_url',
  'user_data',
  'custom_data',
  'opt_out',
  'data_processing_options',
  'data_processing_options_country',
  'data_processing_options_state',
  'referrer_url',
];
const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
const PLACEHOLDER_URL = 'https://placeholder.invalid/';

function fail(field: string, message: string): never {
  throw new TwinfireError('ERR_TWINFIRE_INVALID_EVENT', field, `send(): ${field ? `${field} ` : ''}${message}`);
}

/**
 * Checks an event given to `tf.send()` (Meta's field names) and returns a clean copy: `event_id` defaults
 * to a new UUID, `event_time` to now. Name, id, time, URL and custom_data follow exactly the rules the
 * mirror endpoint applies (the validator of `@twinfire/core`), so both paths accept the same events.
 */
export function validateEvent(input: unknown, now: number): ServerEvent {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('', 'needs an event object such as { event_name, action_source, user_data }');
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (FORBIDDEN.includes(key)) fail(key, 'is not allowed as a key');
    if (!FIELDS.includes(key)) fail(key, `is not a field twinfire sends; known fields: ${FIELDS.join(', ')}`);
  }
  if (!isActionSource(raw.action_source)) fail('action_source', `is required, one of ${ACTION_SOURCES.join(', ')}`);
  const eventId =
    raw.event_id === undefined ? randomUUID() : typeof raw.event_id === 'number' && Number.isSafeInteger(raw.event_id) ? String(raw.event_id) : raw.event_id;
  const eventTime = raw.event_time === undefined ? Math.floor(now / 1000) : raw.event_time;
  const url = raw.event_source_url;
  if (raw.action_source === 'website' && url === undefined) fail('event_source_url', 'is required for website events');

  const checked = parseMirrorPayload(
    { v: 1, event_name: raw.event_name, event_id: eventId, event_time: eventTime, event_source_url: url ?? PLACEHOLDER_URL, custom_data: raw.custom_data },
    { now },
  );
  if (!checked.ok) {
    const first = checked.errors[0]!;
    fail(first.field, first.message);
  }
  const clean = checked.payload;
  const userData = pickUserData(raw.user_data ?? {}, (field, message) => fail(field, message));
  if (raw.user_data === undefined || Object.keys(userData).length === 0) {
    fail('user_data', 'is required: Meta matches events on customer information (em, ph, external_id, fbp, client_ip_address, ...)');
  }
  if (raw.action_source === 'website' && !userData.client_user_agent) fail('user_data.client_user_agent', 'is required for website events');
  const insufficient = insufficientCustomerInformation(userData);
  if (insufficient) fail('user_data', insufficient);

  const event: ServerEvent = {
    event_name: clean.event_name,
    event_time: Math.min(clean.event_time, Math.floor(now / 1000)), // Meta refuses future times; skew ≤ 5 min
    event_id: clean.event_id,
    action_source: raw.action_source,
    user_data: userData,
  };
  if (url !== undefined) event.event_source_url = clean.event_source_url;
  if (clean.custom_data && Object.keys(clean.custom_data).length > 0) event.custom_data = clean.custom_data;
  copyOptional(raw, event);
  return event;
}

function copyOptional(raw: Record<string, unknown>, event: ServerEvent): void {
  if (raw.opt_out !== undefined) {
    if (typeof raw.opt_out !== 'boolean') fail('opt_out', 'must be true or false');
    event.opt_out = raw.opt_out;
  }
  if (raw.referrer_url !== undefined) {
    if (typeof raw.referrer_url !== 'string' || raw.referrer_url.length > 4096) fail('referrer_url', 'must be a URL string');
    event.referrer_url = raw.referrer_url;
  }
  if (raw.data_processing_options !== undefined) {
    const dpo = raw.data_processing_options;
    if (!Array.isArray(dpo) || dpo.length > 5 || !dpo.every((o) => typeof o === 'string'))
      fail('data_processing_options', 'must be an array of strings such as ["LDU"]');
    event.data_processing_options = dpo.slice();
  }
  for (const key of ['data_processing_options_country', 'data_processing_options_state'] as const) {
    if (raw[key] === undefined) continue;
    if (!Number.isInteger(raw[key])) fail(key, 'must be a whole number (0 lets Meta geolocate)');
    event[key] = raw[key] as number;
  }
}
