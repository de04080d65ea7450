import { CURRENCY, PRODUCTS } from '../catalog.js';
import { esc, money } from './html.js';

export function homePage() {
  const cards = PRODUCTS.map(
    (p) => `<a class="card" href="/products/${esc(p.id)}">
      <div class="swatch swatch-${esc(p.id)}" aria-hidden="true"></div>
      <h3>${esc(p.name)}</h3>
      <p class="muted">${esc(p.category)}</p>
      <p class="price">${money(p.price, CURRENCY)}</p>
    </a>`,
  ).join('\n');
  return `<section class="hero">
    <h1>Warm things for cold evenings</h1>
    <p>Small-batch goods for kitchen and home.</p>
  </section>
  <section class="grid">${cards}</section>
  ${newsletterForm()}`;
}

export function productPage(product) {
  return `<article class="product">
    <div class="swatch swatch-large swatch-${esc(product.id)}" aria-hidden="true"></div>
    <div>
      <p class="muted">${esc(product.category)}</p>
      <h1>${esc(product.name)}</h1>
      <p class="price">${money(product.price, CURRENCY)}</p>
      <p>${esc(product.blurb)}</p>
      <form method="post" action="/cart">
        <input type="hidden" name="productId" value="${esc(product.id)}">
        <label>Quantity <input type="number" name="quantity" value="1" min="1" max="20"></label>
        <button class="primary" type="submit" id="add-to-cart">Add to cart</button>
      </form>
    </div>
  </article>`;
}

export function cartPage(priced, notice) {
  if (priced.lines.length === 0) {
    return `<h1>Your cart</h1><p class="muted">Your cart is empty. <a href="/">Browse the shop</a>.</p>`;
  }
  return `<h1>Your cart</h1>
  ${notice ? `<p class="notice">${esc(notice)}</p>` : ''}
  ${linesTable(priced)}
  <p class="actions"><a class="button primary" id="checkout" href="/checkout">Checkout</a></p>`;
}

export function checkoutPage(priced, email) {
  return `<h1>Checkout</h1>
  ${linesTable(priced)}
  <form class="stack" method="post" action="/checkout">
    <label>Email <input type="email" name="email" required value="${esc(email ?? '')}" autocomplete="email"></label>
    <label>First name <input name="firstName" autocomplete="given-name"></label>
    <label>Last name <input name="lastName" autocomplete="family-name"></label>
    <label>Phone <input name="phone" autocomplete="tel" placeholder="+353 1 555 0100"></label>
    <button class="primary" type="submit" id="place-order">Place order · ${money(priced.total, CURRENCY)}</button>
  </form>`;
}

export function thankYouPage(order) {
  return `<section class="done">
    <h1>Thank you!</h1>
    <p>Order <b>#${esc(order.id)}</b> is confirmed: ${money(order.value, order.currency)}.</p>
    <p class="muted">The server already sent Meta this Purchase with event_id <code>${esc(order.eventId)}</code>;
    this page's Pixel Purchase carries the same id, so Meta counts it once.</p>
    <p><a href="/">Continue shopping</a></p>
  </section>`;
}

export function newsletterThanksPage(email) {
  return `<section class="done">
    <h1>You're on the list</h1>
    <p>We'll write to <b>${esc(email)}</b> about once a month.</p>
    <p><a href="/">Back to the shop</a></p>
  </section>`;
}

function newsletterForm() {
  return `<section class="newsletter">
    <h2>The Ember letter</h2>
    <p class="muted">New goods and a recipe, monthly.</p>
    <form method="post" action="/newsletter" class="inline">
      <input type="email" name="email" required placeholder="you@example.com" aria-label="Email">
      <button class="primary" type="submit" id="subscribe">Subscribe</button>
    </form>
  </section>`;
}

function linesTable(priced) {
  const rows = priced.lines
    .map((l) => `<tr><td>${esc(l.product.name)}</td><td>${l.quantity}</td><td class="num">${money(l.total, CURRENCY)}</td></tr>`)
    .join('');
  return `<table class="lines">
    <thead><tr><th>Item</th><th>Qty</th><th class="num">Total</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><td colspan="2">Total</td><td class="num">${money(priced.total, CURRENCY)}</td></tr></tfoot>
  </table>`;
}
