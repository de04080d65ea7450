/**
 * Removes what looks like customer data or a secret from a text we did not write — Meta's error messages
 * quote the offending value ("… 'jane.doe@example.com' is not a valid …") — before it is logged or kept in a
 * dead letter: email addresses, phone-like numbers (9+ digits, with or without separators), access tokens
 * (`EAA…`) and any long opaque run (40+ letters/digits: a hash, a token, a click id). The rest of the text
 * stays readable.
 */
export function scrubText(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(TOKEN, '[token]')
    .replace(OPAQUE, '[redacted]')
    .replace(PHONE, (match) => (match.replace(/\D/g, '').length >= 9 ? '[phone]' : match));
}

const EMAIL = /[^\s"'<>()@,;:]+@[^\s"'<>()@,;:]+\.[a-z]{2,}/gi;
const TOKEN = /\bEAA[A-Za-z0-9]{10,}/g;
const OPAQUE = /[A-Za-z0-9_\-+/=.]{40,}/g;
const PHONE = /\+?\(?\d[\d\s().-]{7,}\d/g;
