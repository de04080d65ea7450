import { esc, money } from './html.js';

/** The back office: server-only events that never touch a browser. */
export function adminPage({ orders, notice, emulatorUrl, stats, deadLetters }) {
  const rows = orders.map((o) => `<tr><td>#${esc(o.id)}</td><td>${esc(o.email)}</td><td class="num">${money(o.value, o.currency)}</td></tr>`).join('');
  return `<h1>Back office</h1>
  <p class="muted">These actions send server-only events with <code>tf.send()</code>: no browser, no Pixel, same pipeline.
  ${emulatorUrl ? `See them arrive in the <a href="${esc(emulatorUrl)}" target="_blank" rel="noopener">local Events Manager</a>.` : ''}</p>
  ${notice ? `<p class="notice" id="notice">${esc(notice)}</p>` : ''}
  <div class="panels">
    <form class="panel stack" method="post" action="/admin/renewal">
      <h2>Subscription renewal</h2>
      <p class="muted">Monthly tea club renews: <code>Subscribe</code>, <code>system_generated</code>.</p>
      <label>Customer email <input type="email" name="email" required value="member@example.com"></label>
      <button type="submit" id="renew">Renew subscription · €15.00</button>
    </form>
    <form class="panel stack" method="post" action="/admin/qualified-lead">
      <h2>CRM: qualified lead</h2>
      <p class="muted">Sales marks a lead qualified: <code>QualifiedLead</code>, <code>system_generated</code>.</p>
      <label>Lead email <input type="email" name="email" required value="buyer@example.com"></label>
      <label>CRM lead id <input name="leadId" required value="${Date.now() % 1e9}"></label>
      <button type="submit" id="qualify">Mark qualified</button>
    </form>
    <form class="panel stack" method="post" action="/admin/in-store-sale">
      <h2>In-store pickup sale</h2>
      <p class="muted">Paid at the counter: <code>Purchase</code>, <code>physical_store</code>.</p>
      <label>Customer phone <input name="phone" required value="+353 1 555 0199"></label>
      <label>Amount (EUR) <input type="number" name="value" required min="1" step="0.01" value="42.00"></label>
      <button type="submit" id="in-store">Record sale</button>
    </form>
  </div>
  ${deliveryPanel(stats, deadLetters)}
  <h2>Orders</h2>
  ${rows ? `<table class="lines"><thead><tr><th>Order</th><th>Email</th><th class="num">Value</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No orders yet.</p>'}`;
}

/** What `tf.stats()` and `tf.deadLetters()` say: the queue, and events set aside with Meta's reason. */
function deliveryPanel(stats, deadLetters) {
  const figures = [
    ['Mirrors received', stats.received],
    ['Events sent to Meta', stats.sent],
    ['Queued', stats.queued],
    ['Oldest undelivered', stats.oldestUndeliveredSeconds === null ? '—' : `${stats.oldestUndeliveredSeconds} s`],
    ['Dropped (consent)', stats.dropped.consent],
    ['Dropped (duplicate)', stats.dropped.duplicate],
    ['Dead letters', stats.dead],
  ];
  const rows = deadLetters
    .map(
      (d) =>
        `<tr><td>${esc(d.event_name)}</td><td><code>${esc(d.event_id)}</code></td><td>${esc(d.reason)}</td><td>${esc(d.error ? `${d.error.code ?? ''}${d.error.error_subcode ? `/${d.error.error_subcode}` : ''} ${d.error.message ?? ''}` : '')}</td></tr>`,
    )
    .join('');
  return `<h2>Delivery <span class="muted small">(${esc(stats.outbox)} outbox)</span></h2>
  <dl class="figures" id="delivery">${figures.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>
  ${
    rows
      ? `<table class="lines" id="dead-letters"><thead><tr><th>Event</th><th>event_id</th><th>Reason</th><th>Meta's error</th></tr></thead><tbody>${rows}</tbody></table>
  <form method="post" action="/admin/retry-dead"><button type="submit" id="retry-dead">Retry dead letters</button></form>`
      : '<p class="muted">No dead letters: every event was delivered or is on its way.</p>'
  }`;
}
