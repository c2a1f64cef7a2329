import { Router, type Request } from 'express';
import type { WebhookOutbox } from './outbox';

/**
 * The webhook part of the control surface, mounted at `/__sandbox/webhooks`: `GET /` lists every delivery
 * (newest last); `POST /flush` makes the pending ones due now and answers once their attempts have ended,
 * each within the per-attempt timeout, with `inFlight`: the ids of the deliveries whose attempts still run.
 * `outboxOf` gives the outbox of the request's namespace.
 */
export function webhookRoutes(outboxOf: (req: Request) => WebhookOutbox): Router {
  const router = Router();
  router.get('/', (req, res) => {
    res.json({ deliveries: outboxOf(req).list() });
  });
  router.post('/flush', async (req, res) => {
    const outbox = outboxOf(req);
    const inFlight = await outbox.flush();
    res.json({ deliveries: outbox.list(), inFlight });
  });
  return router;
}
