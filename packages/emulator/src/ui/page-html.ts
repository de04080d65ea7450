import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_STYLE } from './page-style.js';

/** The local Events Manager at `/`: a static shell; the inline script fetches the JSON API every 2 s. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>twinfire emulator · local Events Manager</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
  <div class="brand">twinfire emulator<span>local Events Manager</span></div>
  <div id="status">loading…</div>
  <button id="reset" type="button" title="Forget all events, rejections and request counts">Reset</button>
</header>
<main>
  <p class="hint" id="hint"></p>
  <div id="notice"></div>
  <div id="pixels"></div>
  <section class="card" id="rejections-card">
    <div class="card-head"><h2>Rejected requests</h2><span class="muted" id="rejections-count"></span></div>
    <div id="rejections"></div>
  </section>
</main>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
