import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scrubText } from './scrub-text.js';

const cases: [string, string][] = [
  [`Invalid parameter: 'Jane.Doe+shop@Example.COM' is not a valid email`, `Invalid parameter: '[email]' is not a valid email`],
  ['phone +1 (555) 010-0199 rejected', 'phone [phone] rejected'],
  ['phone 4915112345678 rejected', 'phone [phone] rejected'],
  ['Malformed access token EAAGm0PX4ZCpsBAFake123token', 'Malformed access token [token]'],
  [`hash ${'a'.repeat(64)} is fine`, 'hash [redacted] is fine'],
  ['(#100) Invalid parameter', '(#100) Invalid parameter'],
  ['event_time 7 days old, code 2804050', 'event_time 7 days old, code 2804050'],
];

test('scrubText removes emails, phone numbers, tokens and long opaque values; keeps codes and prose', () => {
  for (const [input, expected] of cases) assert.equal(scrubText(input), expected, input);
});
