/** The one product of the shop. Prices live on the server: the order's Purchase value comes from here. */
export const PRODUCT = Object.freeze({
  id: 'mug-ember',
  name: 'Ember mug',
  description: 'Stoneware, glazed by hand, 350 ml.',
  price: 18,
  currency: 'EUR',
});
