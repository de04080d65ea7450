import { esc, js } from './html.js';

/**
 * The page frame. The twinfire script tag (which brings Meta's base code): the whole browser-side integration.
 * `events` are fbq calls (strings made with fbqCall) fired on this page.
 */
export function layout({ title, body, config, session, events = [], consent = 'granted' }) {
  const advancedMatching = session?.email ? { em: session.email } : {};
  const declined = consent === 'denied';
  const cartCount = Object.values(session?.cart ?? {}).reduce((a, b) => a + b, 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Ember & Co.</title>
<link rel="stylesheet" href="/shop.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<!-- The whole browser side: twinfire's one tag (baseCode: true on the server). It wraps fbq, then runs
     Meta's Pixel base code for the shop's pixel (init, PageView), so every event carries an eventID and is
     mirrored to /twinfire. Plain and synchronous: no async, no defer. data-consent="required" also revokes
     the Pixel's consent; a known customer's email is the Pixel's advanced matching. -->
${advancedMatching.em ? `<script>window.twinfireConfig = { advancedMatching: ${js(advancedMatching)} };</script>\n` : ''}<script src="/twinfire.js"${declined ? ' data-consent="required"' : ''}></script>
</head>
<body>
<header class="bar">
  <a class="brand" href="/">Ember <span>&amp;</span> Co.</a>
  <nav>
    <a href="/">Shop</a>
    <a href="/cart">Cart${cartCount ? ` <b class="count">${cartCount}</b>` : ''}</a>
    <a href="/admin">Back office</a>
  </nav>
</header>
<main>
${body}
</main>
<footer class="foot">
  <p class="consent">Ads measurement: <b>${declined ? 'off' : 'on'}</b> ·
  ${declined ? '<a href="/consent/grant" id="consent-grant">turn on</a>' : '<a href="/consent/revoke" id="consent-revoke">turn off</a>'}</p>
  <p>A demo shop for <a href="https://github.com/twinfire/twinfire">twinfire</a>.
  ${config.emulatorUrl ? `Watch the events pair up in the <a href="${esc(config.emulatorUrl)}" target="_blank" rel="noopener">local Events Manager</a>.` : ''}</p>
</footer>
${events.length ? `<script>\n${events.join('\n')}\n</script>` : ''}
</body>
</html>`;
}
