import { Router, type Request, type Response } from 'express';
import { StateUnavailable } from '../state/store';
import type { DeliveryView, WebhookOutbox } from './outbox';
import type { SharedOutbox } from './shared-outbox';

/**
 * The webhook part of the control surface, mounted at `/__sandbox/webhooks`: `GET /` lists every delivery
 * (newest last); `POST /flush` makes the pending ones due now and answers once their attempts have ended,
 * each within the per-attempt timeout, with `inFlight`: the ids of the deliveries whose attempts still run.
 * `outboxOf` gives the outbox of the request's namespace.
 */
export function webhookRoutes(
  outboxOf: (req: Request) => WebhookOutbox | SharedOutbox,
  unavailableReason: string,
): Router {
  const router = Router();
  const unavailable = (res: Response) =>
    void res
      .status(503)
      .set('X-Sandbox-Reason', unavailableReason)
      .json({ error: 'the sandbox state store is unavailable; retry' });
  router.get('/', async (req, res) => {
    const outbox = outboxOf(req);
    let deliveries: DeliveryView[];
    try {
      deliveries = await outbox.list();
    } catch (error) {
      if (error instanceof StateUnavailable) return unavailable(res);
      throw error;
    }
    res.json({ deliveries });
  });
  router.post('/flush', async (req, res) => {
    const outbox = outboxOf(req);
    try {
      // In the store, attempts due are run (the loop's claims); in memory, every pending one is made due.
      const inFlight = 'flush' in outbox ? await outbox.flush() : await outbox.settleDue();
      res.json({ deliveries: await outbox.list(), inFlight });
    } catch (error) {
      if (error instanceof StateUnavailable) return unavailable(res);
      throw error;
    }
  });
  return router;
}
