import { randomUUID } from 'node:crypto';
import { twinfire } from '@twinfire/fastify';
import Fastify from 'fastify';
import { productPage } from './page.js';
import { PRODUCT } from './product.js';

/**
 * Builds the shop, not listening yet: `await (await createShop(config)).listen({ port })`. `config`:
 * `pixelId`, `accessToken`, `graphUrl` and `fbeventsUrl` (the emulator's, or undefined for Meta's),
 * optional `testEventCode` and Fastify's `logger`. The twinfire instance is `shop.twinfire`; `shop.close()`
 * closes it (queued events are delivered first).
 */
export async function createShop(config) {
  const app = Fastify({ logger: config.logger ?? false });

  // The whole server side of the redundant setup: POST /twinfire (mirrors) and GET /twinfire.js (the script,
  // then Meta's base code for this pixel: the page needs that one tag).
  await app.register(twinfire, {
    pixels: [{ id: config.pixelId, accessToken: config.accessToken }],
    graphUrl: config.graphUrl,
    baseCode: true,
    fbeventsUrl: config.fbeventsUrl,
    testEventCode: config.testEventCode,
  });

  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(productPage(PRODUCT)));

  // The order's Purchase comes from the server, with the server's price, whatever the browser does; the page
  // then tracks its Pixel Purchase with the same event id (its mirror is a duplicate, sent once).
  app.post('/orders', async (request, reply) => {
    if (request.body?.productId !== PRODUCT.id) return reply.code(400).send({ error: 'unknown product' });
    const orderId = randomUUID().slice(0, 8);
    const { event_id: eventId } = await app.twinfire.send({
      event_name: 'Purchase',
      event_id: app.twinfire.eventIdFor('Purchase', orderId),
      action_source: 'website',
      event_source_url: request.headers.referer ?? `${request.protocol}://${request.host}/`,
      user_data: visitorOf(request),
      custom_data: { value: PRODUCT.price, currency: PRODUCT.currency, content_ids: [PRODUCT.id], content_type: 'product', order_id: orderId },
    });
    return reply.code(201).send({ id: orderId, eventId, value: PRODUCT.price, currency: PRODUCT.currency });
  });
  return app;
}

/** What the request says of the visitor for a server event: IP, user agent and the Pixel's `_fbp` cookie. */
function visitorOf(request) {
  const fbp = /(?:^|;\s*)_fbp=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  return { client_ip_address: request.ip, client_user_agent: request.headers['user-agent'], ...(fbp ? { fbp } : {}) };
}
