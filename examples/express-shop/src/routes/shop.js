import express from 'express';
import { CURRENCY, findProduct, PRODUCTS, priceCart } from '../catalog.js';
import { readCookie, takeFlash } from '../store.js';
import { fbqCall } from '../views/html.js';
import { layout } from '../views/layout.js';
import { cartPage, checkoutPage, homePage, newsletterThanksPage, productPage, thankYouPage } from '../views/shop-pages.js';

export const CONSENT_COOKIE = 'shop_consent';

/** 'denied' when the visitor turned ads measurement off; granted otherwise (the demo's default). */
export function consentOf(req) {
  return readCookie(req.headers.cookie, CONSENT_COOKIE) === 'denied' ? 'denied' : 'granted';
}

function sameHostReferer(req) {
  try {
    const referer = new URL(req.get('referer') ?? '');
    return referer.host === req.get('host') ? referer.pathname + referer.search : null;
  } catch {
    return null;
  }
}

/** The storefront: each page fires its Pixel event; twinfire mirrors it to the server. */
export function shopRoutes({ config, store, tf }) {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  const page = (req, res, title, body, events = []) =>
    res.type('html').send(layout({ title, body, config, session: req.session, events, consent: consentOf(req) }));

  router.get('/', (req, res) => page(req, res, 'Shop', homePage()));

  router.get('/products/:id', (req, res) => {
    const product = findProduct(req.params.id);
    if (!product)
      return res
        .status(404)
        .type('html')
        .send(layout({ title: 'Not found', body: '<h1>Not found</h1>', config, session: req.session }));
    page(req, res, product.name, productPage(product), [
      fbqCall('track', 'ViewContent', {
        content_ids: [product.id],
        content_type: 'product',
        content_name: product.name,
        value: product.price,
        currency: CURRENCY,
      }),
    ]);
  });

  router.post('/cart', form, (req, res) => {
    const product = findProduct(String(req.body.productId ?? ''));
    const quantity = Math.min(20, Math.max(1, Number.parseInt(req.body.quantity, 10) || 1));
    if (!product) return res.redirect(303, '/');
    req.session.cart[product.id] = (req.session.cart[product.id] ?? 0) + quantity;
    // Fire AddToCart once, on the page after the redirect (post/redirect/get keeps reloads from repeating it).
    req.session.flash = { event: 'AddToCart', productId: product.id, quantity };
    res.redirect(303, '/cart');
  });

  router.get('/cart', (req, res) => {
    const flash = takeFlash(req.session);
    const events = [];
    let notice = null;
    if (flash?.event === 'AddToCart') {
      const product = findProduct(flash.productId);
      notice = `Added ${flash.quantity} × ${product.name}.`;
      events.push(
        fbqCall('track', 'AddToCart', {
          content_ids: [product.id],
          content_type: 'product',
          contents: [{ id: product.id, quantity: flash.quantity, item_price: product.price }],
          value: product.price * flash.quantity,
          currency: CURRENCY,
        }),
      );
    }
    page(req, res, 'Cart', cartPage(priceCart(req.session.cart), notice), events);
  });

  router.get('/checkout', (req, res) => {
    const priced = priceCart(req.session.cart);
    if (priced.lines.length === 0) return res.redirect(303, '/cart');
    page(req, res, 'Checkout', checkoutPage(priced, req.session.email), [
      fbqCall('track', 'InitiateCheckout', {
        content_ids: priced.lines.map((l) => l.product.id),
        num_items: priced.items,
        value: priced.total,
        currency: CURRENCY,
      }),
    ]);
  });

  router.post('/checkout', form, async (req, res, next) => {
    try {
      const priced = priceCart(req.session.cart);
      const email = String(req.body.email ?? '').trim();
      if (priced.lines.length === 0 || !email) return res.redirect(303, '/cart');
      const order = store.createOrder({
        email,
        value: priced.total,
        currency: CURRENCY,
        items: priced.lines.map((l) => ({ id: l.product.id, quantity: l.quantity, item_price: l.product.price })),
      });
      // The order's intent is the event_id on both sides: the server's Purchase (now, with the server's price)
      // and the thank-you page's Pixel Purchase deduplicate, and a reload of that page cannot count twice. It
      // is signed and carries the order's value, so the page's mirror cannot claim another one (see app.js).
      // Stored with the order: a later webhook or back-office Purchase reuses it rather than minting another.
      const intent = tf.intent({ event_name: 'Purchase', value: order.value, currency: order.currency, order_id: order.id });
      order.eventId = intent.event_id;
      // No consent, no server event either: CAPI has no consent field, the server itself must hold back.
      if (consentOf(req) === 'granted')
        await tf.send({
          event_name: 'Purchase',
          event_id: order.eventId,
          action_source: 'website',
          event_source_url: `${req.protocol}://${req.get('host')}/thank-you/${order.id}`,
          user_data: {
            em: email,
            fn: req.body.firstName || undefined,
            ln: req.body.lastName || undefined,
            ph: req.body.phone || undefined,
            external_id: req.session.id,
            client_ip_address: req.ip,
            client_user_agent: req.get('user-agent'),
            fbp: readCookie(req.headers.cookie, '_fbp') ?? undefined,
            fbc: readCookie(req.headers.cookie, '_fbc') ?? undefined,
          },
          custom_data: {
            value: order.value,
            currency: order.currency,
            order_id: order.id,
            contents: order.items,
            content_type: 'product',
            num_items: priced.items,
          },
        });
      req.session.cart = {};
      req.session.email = email;
      res.redirect(303, `/thank-you/${order.id}`);
    } catch (error) {
      next(error);
    }
  });

  router.get('/thank-you/:id', (req, res) => {
    const order = store.order(req.params.id);
    if (!order || order.email !== req.session.email) return res.redirect(303, '/');
    page(req, res, 'Thank you', thankYouPage(order), [
      fbqCall(
        'track',
        'Purchase',
        { value: order.value, currency: order.currency, content_ids: order.items.map((i) => i.id), content_type: 'product' },
        { eventID: order.eventId },
      ),
    ]);
  });

  router.post('/newsletter', form, (req, res) => {
    const email = String(req.body.email ?? '').trim();
    if (!email) return res.redirect(303, '/');
    // Stored in the session, the email becomes the Pixel's advanced matching on the next page
    // (window.twinfireConfig.advancedMatching, used by the one tag's fbq('init')), which twinfire mirrors;
    // the server hashes it before it leaves.
    req.session.email = email;
    req.session.flash = { event: 'Lead' };
    res.redirect(303, '/newsletter/thanks');
  });

  router.get('/newsletter/thanks', (req, res) => {
    const flash = takeFlash(req.session);
    const events = flash?.event === 'Lead' ? [fbqCall('track', 'Lead', { content_name: 'newsletter' })] : [];
    page(req, res, 'Subscribed', newsletterThanksPage(req.session.email ?? ''), events);
  });

  // The visitor's choice, kept in a first-party cookie. While declined, the page revokes Pixel consent,
  // twinfire mirrors nothing and writes no cookie, and the server's consent hook refuses too.
  router.get('/consent/:choice', async (req, res, next) => {
    try {
      const choice = req.params.choice === 'revoke' ? 'denied' : 'granted';
      // Withdrawn consent also covers what is still queued: delete this visitor's undelivered events.
      const fbp = readCookie(req.headers.cookie, '_fbp');
      if (choice === 'denied') await tf.forget({ external_id: req.session.id, ...(fbp ? { fbp } : {}) });
      res.append('Set-Cookie', `${CONSENT_COOKIE}=${choice}; Path=/; Max-Age=31536000; SameSite=Lax`);
      res.redirect(303, sameHostReferer(req) ?? '/');
    } catch (error) {
      next(error);
    }
  });

  router.get('/_products.json', (_req, res) => res.json(PRODUCTS));
  return router;
}
