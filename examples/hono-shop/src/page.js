/** The one product the shop sells. */
export const PRODUCT = { id: 'mug-ember', name: 'Ember mug', price: 18, currency: 'EUR' };

/**
 * The product page. Its browser side is one tag, `/twinfire.js`; the page's own `fbq('track', ...)` calls
 * get an eventID from it and are mirrored to `/twinfire`, where the server sends their twins.
 */
export function productPage() {
  const data = JSON.stringify({ content_ids: [PRODUCT.id], content_type: 'product', value: PRODUCT.price, currency: PRODUCT.currency });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${PRODUCT.name} · Hono shop</title>
<link rel="icon" href="data:,">
<script src="/twinfire.js"></script>
</head>
<body>
<h1>${PRODUCT.name}</h1>
<p>${PRODUCT.price} ${PRODUCT.currency}</p>
<button id="add-to-cart">Add to cart</button>
<button id="checkout">Checkout</button>
<p id="status" aria-live="polite"></p>
<script>
const product = ${data};
const track = (name, text) => {
  fbq('track', name, product);
  document.getElementById('status').textContent = text;
};
fbq('track', 'ViewContent', product);
document.getElementById('add-to-cart').onclick = () => track('AddToCart', 'In your cart.');
document.getElementById('checkout').onclick = () => track('InitiateCheckout', 'Checking out…');
</script>
</body>
</html>
`;
}
