import type { UserData } from '@twinfire/core';
import { hashUserData } from '../hashing/hash-user-data.js';

/** Meta refuses an event whose customer information is only one of these sets, or a subset of one (2804050). */
const TOO_BROAD: readonly (readonly string[])[] = [
  ['ct', 'country', 'st', 'zp', 'ge', 'client_user_agent'],
  ['db', 'client_user_agent'],
  ['fn', 'ge'],
  ['ln', 'ge'],
];

/**
 * Why Meta would refuse this user_data as insufficient customer information (2804050), judged on what is
 * left after normalization and hashing (an `em` that is no email address is dropped there), or `undefined`.
 * Names keys only, never values.
 */
export function insufficientCustomerInformation(userData: UserData): string | undefined {
  const present = Object.keys(hashUserData(userData));
  if (present.length === 0) {
    return 'has no usable customer information once normalized (an em that is not an email address, a ph without digits...); Meta refuses such events';
  }
  if (TOO_BROAD.some((set) => present.every((key) => set.includes(key)))) {
    return `holds only ${present.join(' + ')}, too broad for Meta to match on; add em, ph, external_id, fbp, fbc or client_ip_address`;
  }
  return undefined;
}
