/** Meta's standard events (Pixel and Conversions API spell them identically; names are case-sensitive). */
export const STANDARD_EVENTS = [
  'PageView',
  'AddPaymentInfo',
  'AddToCart',
  'AddToWishlist',
  'CompleteRegistration',
  'Contact',
  'CustomizeProduct',
  'Donate',
  'FindLocation',
  'InitiateCheckout',
  'Lead',
  'Purchase',
  'Schedule',
  'Search',
  'StartTrial',
  'SubmitApplication',
  'Subscribe',
  'ViewContent',
] as const;

export type StandardEventName = (typeof STANDARD_EVENTS)[number];

/** A standard event name, or any custom one (`string & {}` keeps editor completion for the standard ones). */
export type EventName = StandardEventName | (string & {});

const STANDARD_SET: ReadonlySet<string> = /*#__PURE__*/ new Set(STANDARD_EVENTS);

export function isStandardEvent(name: string): name is StandardEventName {
  return STANDARD_SET.has(name);
}

/** Where a Conversions API event happened. */
export const ACTION_SOURCES = ['website', 'email', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other'] as const;

export type ActionSource = (typeof ACTION_SOURCES)[number];

const ACTION_SOURCE_SET: ReadonlySet<string> = /*#__PURE__*/ new Set(ACTION_SOURCES);

export function isActionSource(value: unknown): value is ActionSource {
  return typeof value === 'string' && ACTION_SOURCE_SET.has(value);
}
