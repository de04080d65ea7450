import { getConnInfo } from '@hono/node-server/conninfo';
import { createTwinfire, webHandler } from '@twinfire/server';
import { Hono } from 'hono';
import { productPage } from './page.js';

/**
 * Builds the shop: a Hono app with one product page and twinfire's two paths, `/twinfire` (mirrors) and
 * `/twinfire.js` (the script, with Meta's base code). `config`: `{ pixelId, accessToken, graphUrl?, fbeventsUrl? }`
 * (`graphUrl` and `fbeventsUrl` point at the emulator; without them, at Meta). Returns the app and the instance.
 *
 * @param {{ pixelId: string, accessToken: string, graphUrl?: string, fbeventsUrl?: string }} config
 */
export function createShop(config) {
  const tf = createTwinfire({
    pixels: [{ id: config.pixelId, accessToken: config.accessToken }],
    ...(config.graphUrl ? { graphUrl: config.graphUrl } : {}),
    // One-tag mode: /twinfire.js wraps fbq, then runs Meta's base code for the pixel (init + PageView).
    baseCode: true,
    ...(config.fbeventsUrl ? { fbeventsUrl: config.fbeventsUrl } : {}),
  });
  const handler = webHandler(tf);

  const app = new Hono();
  // The whole server side of the redundant setup; the visitor's IP comes from the connection.
  app.on(['GET', 'HEAD', 'POST', 'OPTIONS'], ['/twinfire', '/twinfire.js'], (c) => handler(c.req.raw, { ip: getConnInfo(c).remote.address }));
  app.get('/', (c) => c.html(productPage()));
  return { app, tf };
}
