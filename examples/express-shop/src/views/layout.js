import { esc, js } from './html.js';

/**
 * The page frame. The twinfire script tag, then Meta's base code: the whole browser-side integration.
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
<!-- twinfire first: it then sees every fbq call, whenever fbevents.js arrives. It stamps each event with
     an eventID and mirrors it to /twinfire. -->
<script src="/twinfire.js"${declined ? ' data-consent="required"' : ''}></script>
<!-- Meta Pixel base code (unchanged, except where fbevents.js is loaded from) -->
<script>
!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
document,'script',${js(config.pixelScriptUrl)});
${declined ? "fbq('consent', 'revoke');\n" : ''}fbq('init', ${js(config.pixelId)}, ${js(advancedMatching)});
fbq('track', 'PageView');
</script>
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
