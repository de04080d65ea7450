import { fileURLToPath } from 'node:url';
import { twinfire } from '@twinfire/express';
import express from 'express';
import { adminRoutes } from './routes/admin.js';
import { consentOf, shopRoutes } from './routes/shop.js';
import { createStore } from './store.js';

/** Builds the shop. `config` comes from readConfig(); returns the app and the twinfire instance. */
export function createShop(config) {
  const store = createStore();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(store.sessions);

  // The whole server side of the redundant setup: POST /twinfire (mirrors) and GET /twinfire.js (the script,
  // with Meta's base code).
  const tf = twinfire({
    pixels: [{ id: config.pixelId, accessToken: config.accessToken }],
    graphUrl: config.graphUrl,
    // One-tag mode: /twinfire.js installs the wrapper, then Meta's base code for this pixel (init + PageView),
    // so the pages need that one tag and no order can go wrong. fbevents.js from Meta, or the emulator's.
    baseCode: true,
    fbeventsUrl: config.pixelScriptUrl,
    testEventCode: config.testEventCode,
    // The outbox: a SQLite file, a PostgreSQL database (schema `twinfire`, created at start), or memory.
    ...(config.outboxPostgres ? { outbox: { postgres: config.outboxPostgres } } : config.outboxFile ? { outbox: { sqlite: config.outboxFile } } : {}),
    // The logged-in (or newsletter-identified) customer: hashed by twinfire before it leaves.
    userData: (req) => (req.session?.email ? { em: req.session.email, external_id: req.session.id } : {}),
    // Belt and braces: even a mirror that claims consent is refused when the visitor declined.
    consent: (req) => consentOf(req) === 'granted',
    // A Purchase mirror must carry the order's intent (tf.intent() at checkout) as its event_id: a forged one
    // gets 403, and a genuine one is sent with the intent's value, whatever the page claims. (The server has
    // sent the order's Purchase itself with the same id, so that mirror is then a duplicate and sends nothing.)
    intents: { events: ['Purchase'] },
  });
  app.use(tf);

  app.use(express.static(fileURLToPath(new URL('./public/', import.meta.url)), { maxAge: '1h' }));
  app.use(shopRoutes({ config, store, tf }));
  app.use(adminRoutes({ config, store, tf }));

  app.use((error, _req, res, _next) => {
    // tf.send() refusing what a form posted (an id too long, an email that is no email) is the client's mistake.
    if (error?.code === 'ERR_TWINFIRE_INVALID_EVENT') return res.status(400).type('text').send(`Not accepted: ${error.field} is not valid.`);
    console.error('shop error:', error?.message ?? error);
    res.status(500).type('text').send('Something went wrong.');
  });
  return { app, tf, store };
}
