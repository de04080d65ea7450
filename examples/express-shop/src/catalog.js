// The shop's products. Prices live on the server: the Purchase value Meta receives comes from here,
// never from the browser.
export const CURRENCY = 'EUR';

export const PRODUCTS = [
  { id: 'mug-ember', name: 'Ember mug', price: 18, category: 'Kitchen', blurb: 'Stoneware, 350 ml, glazed in warm red.' },
  { id: 'kettle-spark', name: 'Spark kettle', price: 64, category: 'Kitchen', blurb: 'Gooseneck pour, 0.9 l, keeps a steady hand.' },
  { id: 'candle-cinder', name: 'Cinder candle', price: 24, category: 'Home', blurb: 'Smoked cedar and black tea, 50 hours.' },
  { id: 'blanket-hearth', name: 'Hearth blanket', price: 89, category: 'Home', blurb: 'Lambswool, 130 × 180 cm, made to last.' },
  { id: 'matches-flint', name: 'Flint matches', price: 6, category: 'Home', blurb: 'Long safety matches in a linen box.' },
  { id: 'lantern-glow', name: 'Glow lantern', price: 42, category: 'Outdoor', blurb: 'Brass and glass, for porch and table.' },
];

export function findProduct(id) {
  return PRODUCTS.find((p) => p.id === id) ?? null;
}

/** Lines of a cart `{ productId: quantity }` with their product and totals. */
export function priceCart(cart) {
  const lines = Object.entries(cart)
    .map(([id, quantity]) => ({ product: findProduct(id), quantity }))
    .filter((line) => line.product && line.quantity > 0)
    .map((line) => ({ ...line, total: line.product.price * line.quantity }));
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  const items = lines.reduce((sum, line) => sum + line.quantity, 0);
  return { lines, total, items };
}
