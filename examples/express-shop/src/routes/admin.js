import express from 'express';
import { adminPage } from '../views/admin-page.js';
import { layout } from '../views/layout.js';
import { consentOf } from './shop.js';

/**
 * Server-only events: a subscription renewal, a CRM lead update and an in-store sale. They never pass
 * through a browser, so they go straight to `tf.send()` with Meta's own field names. (A real back office
 * sits behind authentication; this demo's does not.)
 */
export function adminRoutes({ config, store, tf }) {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '10kb' });
  let notice = null;

  router.get('/admin', async (req, res) => {
    const body = adminPage({
      orders: store.orders(),
      notice,
      emulatorUrl: config.emulatorUrl,
      stats: await tf.stats(),
      deadLetters: await tf.deadLetters({ limit: 20 }),
    });
    notice = null;
    res.type('html').send(layout({ title: 'Back office', body, config, session: req.session, consent: consentOf(req) }));
  });

  // Re-queue events that were set aside (after fixing what Meta complained about).
  router.post('/admin/retry-dead', async (_req, res, next) => {
    try {
      const count = await tf.retryDead();
      notice = `Re-queued ${count} dead letter${count === 1 ? '' : 's'}.`;
      res.redirect(303, '/admin');
    } catch (error) {
      next(error);
    }
  });

  const action = (path, build) =>
    router.post(path, form, async (req, res, next) => {
      try {
        const { event, message } = build(req.body);
        const { event_id } = await tf.send({ event_time: Math.floor(Date.now() / 1000), ...event });
        notice = `${message} Sent ${event.event_name} (${event.action_source}) with event_id ${event_id ?? event.event_id}.`;
        res.redirect(303, '/admin');
      } catch (error) {
        next(error);
      }
    });

  action('/admin/renewal', (body) => ({
    message: 'Subscription renewed.',
    event: {
      event_name: 'Subscribe',
      // One renewal per customer and month: a deterministic id (a hash, so no email in the id) makes a
      // double-click or a retried billing webhook count once.
      event_id: tf.eventIdFor('Subscribe', `${String(body.email)}|${new Date().toISOString().slice(0, 7)}`),
      action_source: 'system_generated',
      user_data: { em: String(body.email ?? '') },
      custom_data: { value: 15, currency: 'EUR', predicted_ltv: 180 },
    },
  }));

  action('/admin/qualified-lead', (body) => ({
    message: 'Lead marked qualified.',
    event: {
      event_name: 'QualifiedLead',
      event_id: `lead-${String(body.leadId)}-qualified`,
      action_source: 'system_generated',
      user_data: { em: String(body.email ?? ''), external_id: `crm-lead-${String(body.leadId ?? '')}` },
      custom_data: { lead_event_source: 'Ember CRM', event_source: 'crm' },
    },
  }));

  action('/admin/in-store-sale', (body) => ({
    message: 'In-store sale recorded.',
    event: {
      event_name: 'Purchase',
      event_id: `store-${Date.now()}`,
      action_source: 'physical_store',
      user_data: { ph: String(body.phone ?? ''), country: 'ie' },
      custom_data: { value: Number(body.value) || 0, currency: 'EUR', delivery_category: 'in_store' },
    },
  }));

  return router;
}
