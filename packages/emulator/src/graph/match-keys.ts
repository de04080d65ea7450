import { CUSTOMER_INFORMATION_KEYS, isPresent } from './formats.js';

/** The customer-information keys present in a user_data object, sorted: what Meta could match on. */
export function matchKeys(userData: unknown): string[] {
  if (typeof userData !== 'object' || userData === null) return [];
  const data = userData as Record<string, unknown>;
  return CUSTOMER_INFORMATION_KEYS.filter((key) => isPresent(data[key])).sort();
}
