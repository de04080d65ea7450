import { isIP } from 'node:net';

/**
 * SHA-256 as lowercase hex, optionally followed by `.` and a 2- or 8-character base64url appendix
 * (what Meta's Parameter Builder adds).
 */
const HASHED = /^[0-9a-f]{64}(?:\.(?:[A-Za-z0-9_-]{2}|[A-Za-z0-9_-]{8}))?$/;

/** `fb.<subdomain index>.<creation time, 13-digit ms>.<random int>[.<appendix>]` */
const FBP = /^fb\.\d\.\d{13}\.\d+(?:\.[A-Za-z0-9_-]{2,8})?$/;

/** `fb.<subdomain index>.<creation time, 13-digit ms>.<fbclid>[.<appendix>]` */
const FBC = /^fb\.\d\.\d{13}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]{2,8})?$/;

const CURRENCY = /^[A-Za-z]{3}$/;

/** user_data keys that must be SHA-256 hashed. */
export const HASHED_KEYS = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country'] as const;

/** Every user_data key Meta counts as customer information. */
export const CUSTOMER_INFORMATION_KEYS = [
  ...HASHED_KEYS,
  'external_id',
  'client_ip_address',
  'client_user_agent',
  'fbc',
  'fbp',
  'subscription_id',
  'fb_login_id',
  'lead_id',
  'anon_id',
  'madid',
  'page_id',
  'page_scoped_user_id',
  'ctwa_clid',
  'ig_account_id',
  'ig_sid',
] as const;

export const ACTION_SOURCES = ['website', 'email', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other'] as const;

/** Meta rejects events whose customer information is only (a subset of) one of these. */
export const TOO_BROAD_COMBINATIONS: readonly (readonly string[])[] = [
  ['ct', 'country', 'st', 'zp', 'ge', 'client_user_agent'],
  ['db', 'client_user_agent'],
  ['fn', 'ge'],
  ['ln', 'ge'],
];

export const isHashed = (value: string): boolean => HASHED.test(value);
export const isFbp = (value: string): boolean => FBP.test(value);
export const isFbc = (value: string): boolean => FBC.test(value);
export const isCurrency = (value: string): boolean => CURRENCY.test(value);
export const isIpAddress = (value: string): boolean => isIP(value) !== 0;

/** A value counts as present when it is a non-empty string, a number, or a non-empty array. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.some(isPresent);
  return true;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
