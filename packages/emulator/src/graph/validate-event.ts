import { ACTION_SOURCES, isCurrency, isPlainObject } from './formats.js';
import { validateUserData } from './validate-user-data.js';
import { SUBCODE_INSUFFICIENT_CUSTOMER_INFO, SUBCODE_TOO_OLD, type Violation, violation } from './violation.js';

const SEVEN_DAYS_S = 7 * 24 * 60 * 60;

export interface ValidationClock {
  /** Now, in Unix seconds (may be fractional). */
  nowSeconds: number;
  /** How far in the future an event_time may be (clock skew), seconds. */
  futureSkewSeconds: number;
}

/** Checks one server event against Meta's rules; the first rule it breaks, or undefined when it is valid. */
export function validateEvent(event: unknown, clock: ValidationClock): Violation | undefined {
  if (!isPlainObject(event)) {
    return violation('event_invalid', 'Invalid event', 'Each element of data must be an event object.');
  }
  return (
    checkName(event) ??
    checkTime(event, clock) ??
    checkActionSource(event) ??
    checkUserDataPresent(event) ??
    checkWebsite(event) ??
    validateUserData(event['user_data'] as Record<string, unknown>) ??
    checkCustomData(event)
  );
}

function checkName(event: Record<string, unknown>): Violation | undefined {
  const name = event['event_name'];
  if (typeof name === 'string' && name.trim() !== '') return undefined;
  return violation('event_name_missing', 'Missing event name', 'event_name is required and must be a non-empty string.');
}

function checkTime(event: Record<string, unknown>, clock: ValidationClock): Violation | undefined {
  const time = event['event_time'];
  if (typeof time !== 'number' || !Number.isInteger(time)) {
    return violation('event_time_invalid', 'Invalid event time', 'event_time is required and must be a Unix timestamp in whole seconds.');
  }
  if (clock.nowSeconds - time > SEVEN_DAYS_S) {
    return violation(
      'event_time_too_old',
      'Event Timestamp Too Old',
      `event_time ${time} is more than 7 days before the time of the request; events must be sent within 7 days.`,
      SUBCODE_TOO_OLD,
    );
  }
  if (time - clock.nowSeconds > clock.futureSkewSeconds) {
    return violation(
      'event_time_in_future',
      'Event Timestamp In The Future',
      `event_time ${time} is in the future; send the time the event happened, in seconds (not milliseconds).`,
    );
  }
  return undefined;
}

function checkActionSource(event: Record<string, unknown>): Violation | undefined {
  const source = event['action_source'];
  if (typeof source === 'string' && (ACTION_SOURCES as readonly string[]).includes(source)) return undefined;
  return violation('action_source_invalid', 'Invalid action source', `action_source is required and must be one of ${ACTION_SOURCES.join(', ')}.`);
}

function checkUserDataPresent(event: Record<string, unknown>): Violation | undefined {
  if (isPlainObject(event['user_data'])) return undefined;
  return violation(
    'user_data_missing',
    'Customer information parameters',
    'user_data is required and must be an object with customer information parameters.',
    SUBCODE_INSUFFICIENT_CUSTOMER_INFO,
  );
}

function checkWebsite(event: Record<string, unknown>): Violation | undefined {
  if (event['action_source'] !== 'website') return undefined;
  const url = event['event_source_url'];
  if (typeof url !== 'string' || url.trim() === '') {
    return violation(
      'event_source_url_missing',
      'Missing event source URL',
      'Website events need event_source_url: the address of the page where the event happened.',
    );
  }
  const userAgent = (event['user_data'] as Record<string, unknown>)['client_user_agent'];
  if (typeof userAgent !== 'string' || userAgent.trim() === '') {
    return violation(
      'client_user_agent_missing',
      'Missing client user agent',
      "Website events need user_data.client_user_agent: the visitor's browser user agent, unhashed.",
    );
  }
  return undefined;
}

function checkCustomData(event: Record<string, unknown>): Violation | undefined {
  const customData = event['custom_data'];
  if (customData !== undefined && !isPlainObject(customData)) {
    return violation('custom_data_invalid', 'Invalid custom data', 'custom_data must be an object.');
  }
  const currency = customData?.['currency'];
  if (currency !== undefined && (typeof currency !== 'string' || !isCurrency(currency))) {
    return violation('currency_invalid', 'Invalid currency', 'custom_data.currency must be a 3-letter ISO 4217 code such as USD or EUR.');
  }
  if (event['event_name'] !== 'Purchase') return undefined;
  const value = customData?.['value'];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return violation('purchase_value_missing', 'Missing purchase value', 'Purchase events need custom_data.value, a number.');
  }
  if (currency === undefined) {
    return violation('purchase_currency_missing', 'Missing purchase currency', 'Purchase events need custom_data.currency, a 3-letter ISO 4217 code.');
  }
  return undefined;
}
