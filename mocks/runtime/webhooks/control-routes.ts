import { Router } from 'express';
import type { WebhookOutbox } from './outbox';

/**
 * The webhook part of the control surface, mounted at `/__sandbox/webhooks`: `GET /` lists every delivery
 * (newest last); `POST /flush` makes the pending ones due now and answers once their attempts have ended,
 * each within the per-attempt timeout, with `inFlight`: the ids of the deliveries whose attempts still run.
 */
export function webhookRoutes(outbox: WebhookOutbox): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.json({ deliveries: outbox.list() });
  });
  router.post('/flush', async (_req, res) => {
    const inFlight = await outbox.flush();
    res.json({ deliveries: outbox.list(), inFlight });
  });
  return router;
}
