// Tiny helpers for server-rendered HTML: escape text, and embed data in <script> safely.
export function esc(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that cannot close the surrounding <script> element. */
export function js(value) {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function money(amount, currency) {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency }).format(amount);
}

/** An fbq call to run on page load, e.g. `track('ViewContent', {...}, {eventID})`. */
export function fbqCall(...args) {
  return `fbq(${args.map(js).join(', ')});`;
}
