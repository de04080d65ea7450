import { isIP } from 'node:net';
import { HASHED_USER_DATA_KEYS, isValidFbc, isValidFbp, type UserData } from '@twinfire/core';

/** user_data keys passed as one plain string each (never hashed). */
export const PLAIN_USER_DATA_KEYS = [
  'client_ip_address',
  'client_user_agent',
  'fbp',
  'fbc',
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

const HASHED: readonly string[] = HASHED_USER_DATA_KEYS;
const PLAIN: readonly string[] = PLAIN_USER_DATA_KEYS;

/**
 * Keeps the user_data keys Meta knows, with string (or, for the hashed keys, string-array) values, and only
 * valid IPs, fbp and fbc values (Meta refuses the whole event otherwise); other keys and values are reported
 * through `onProblem` and left out. Returns a fresh, prototype-free copy.
 */
export function pickUserData(input: unknown, onProblem: (field: string, message: string) => void): UserData {
  const out: Record<string, unknown> = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    onProblem('user_data', 'must be an object');
    return out as UserData;
  }
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '') continue;
    if (HASHED.includes(key)) {
      const list = Array.isArray(value) ? value : [value];
      if (list.length > 10 || !list.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
        onProblem(`user_data.${key}`, 'must be a string or an array of at most 10 strings');
        continue;
      }
      const strings = list.map(String).filter((s) => s.length <= 1000);
      out[key] = Array.isArray(value) ? strings : strings[0];
    } else if (PLAIN.includes(key)) {
      if (typeof value !== 'string' || value.length > 1000) onProblem(`user_data.${key}`, 'must be a string of at most 1000 characters');
      else if (key === 'client_ip_address' && isIP(value) === 0) onProblem(`user_data.${key}`, 'must be an IPv4 or IPv6 address');
      else if (key === 'fbp' && !isValidFbp(value)) onProblem(`user_data.${key}`, 'must be an _fbp value: fb.<index>.<creation ms>.<random>');
      else if (key === 'fbc' && !isValidFbc(value)) onProblem(`user_data.${key}`, 'must be an _fbc value: fb.<index>.<creation ms>.<fbclid>');
      else out[key] = value;
    } else {
      onProblem(`user_data.${key}`, `unknown user_data key; Meta's keys are ${[...HASHED, ...PLAIN].join(', ')}`);
    }
  }
  return out as UserData;
}
