import { CUSTOMER_INFORMATION_KEYS, HASHED_KEYS, isFbc, isFbp, isHashed, isIpAddress, isPresent, TOO_BROAD_COMBINATIONS } from './formats.js';
import { SUBCODE_INSUFFICIENT_CUSTOMER_INFO, SUBCODE_MALFORMED_FBC, type Violation, violation } from './violation.js';

const INSUFFICIENT = 'Customer information parameters';

/** Formats first (hashes, IP, fbp, fbc), then whether there is enough customer information to match on. */
export function validateUserData(userData: Record<string, unknown>): Violation | undefined {
  return checkHashes(userData) ?? checkUnhashed(userData) ?? checkSufficiency(userData);
}

function checkHashes(userData: Record<string, unknown>): Violation | undefined {
  for (const key of HASHED_KEYS) {
    const value = userData[key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find((item) => typeof item !== 'string' || !isHashed(item));
    if (bad === undefined) continue;
    return violation(
      'hashed_value_invalid',
      'Unhashed customer information',
      `user_data.${key} must be a SHA-256 hash (64 lowercase hex characters, optionally followed by ".<appendix>"), ` +
        'as a string or an array of strings; normalize, then hash.',
    );
  }
  return undefined;
}

function checkUnhashed(userData: Record<string, unknown>): Violation | undefined {
  const ip = userData['client_ip_address'];
  if (ip !== undefined && (typeof ip !== 'string' || !isIpAddress(ip))) {
    return violation('client_ip_address_invalid', 'Invalid IP address', 'user_data.client_ip_address must be a valid IPv4 or IPv6 address, not hashed.');
  }
  const fbp = userData['fbp'];
  if (fbp !== undefined && (typeof fbp !== 'string' || !isFbp(fbp))) {
    return violation(
      'fbp_invalid',
      'Malformed fbp',
      'user_data.fbp must look like fb.<subdomain index>.<creation time in ms>.<random number>, unmodified from the _fbp cookie.',
    );
  }
  const fbc = userData['fbc'];
  if (fbc !== undefined && (typeof fbc !== 'string' || !isFbc(fbc))) {
    return violation(
      'fbc_invalid',
      'Malformed fbc',
      'user_data.fbc must look like fb.<subdomain index>.<creation time in ms>.<fbclid>; a raw fbclid is not an fbc value.',
      SUBCODE_MALFORMED_FBC,
    );
  }
  return undefined;
}

function checkSufficiency(userData: Record<string, unknown>): Violation | undefined {
  const present = CUSTOMER_INFORMATION_KEYS.filter((key) => isPresent(userData[key]));
  if (present.length === 0) {
    return violation(
      'customer_information_insufficient',
      INSUFFICIENT,
      'This event has no customer information parameters in user_data (for example em, ph, external_id, fbp, fbc, client_ip_address with client_user_agent).',
      SUBCODE_INSUFFICIENT_CUSTOMER_INFO,
    );
  }
  const tooBroad = TOO_BROAD_COMBINATIONS.find((combination) => present.every((key) => combination.includes(key)));
  if (tooBroad) {
    return violation(
      'customer_information_too_broad',
      INSUFFICIENT,
      `This event's customer information (${present.join(', ')}) is too broad to match on: ` +
        `only ${tooBroad.join(' + ')} or a subset of them. Add em, ph, external_id, fbp, fbc or client_ip_address.`,
      SUBCODE_INSUFFICIENT_CUSTOMER_INFO,
    );
  }
  return undefined;
}
