/**
 * The product page. Its one tag, `<script src="/twinfire.js">`, installs twinfire's wrapper and then Meta's
 * base code (one-tag mode): `fbq` exists right after it and every Pixel event gets an event id and a mirror.
 * "Buy now" places the order on the server first, which sends the Purchase itself, and tracks the Pixel
 * Purchase with the order's event id, so Meta deduplicates the pair.
 */
export function productPage(product) {
  const data = JSON.stringify(product).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${product.name} · Ember &amp; Co.</title>
<script src="/twinfire.js"></script>
</head>
<body>
<h1>${product.name}</h1>
<p>${product.description}</p>
<p><strong>€${product.price.toFixed(2)}</strong></p>
<button id="add-to-cart" type="button">Add to cart</button>
<button id="buy-now" type="button">Buy now</button>
<p id="notice" role="status"></p>
<script>
const product = ${data};
const item = { content_ids: [product.id], content_type: 'product', value: product.price, currency: product.currency };
const notice = document.getElementById('notice');
fbq('track', 'ViewContent', item);
document.getElementById('add-to-cart').addEventListener('click', () => {
  fbq('track', 'AddToCart', item);
  notice.textContent = 'Added to your cart.';
});
document.getElementById('buy-now').addEventListener('click', async () => {
  const response = await fetch('/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ productId: product.id }) });
  if (!response.ok) return void (notice.textContent = 'The order failed, please try again.');
  const order = await response.json();
  fbq('track', 'Purchase', { ...item, value: order.value, currency: order.currency }, { eventID: order.eventId });
  notice.dataset.eventId = order.eventId;
  notice.textContent = 'Thank you! Order ' + order.id + ' is placed.';
});
</script>
</body>
</html>
`;
}
