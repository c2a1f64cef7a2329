import { signKaskoWebhook } from '../../src/kasko/webhook-signature';
import type { HandlerRequest } from '../runtime/provider';
import { newGuid } from './ids';
import type { KaskoState, PolicyRecord } from './state';
import { notificationBody } from './views';
import { configuredWebhookUrl } from '../runtime/common-settings';

export type KaskoEvent = 'policy.created' | 'policy.updated';

/** KASKO documents no retry schedule (Inferred): after 1, 5 and 30 minutes, then 2 and 12 hours. */
export const RETRY_SCHEDULE_SECONDS = [60, 300, 1800, 7200, 43_200] as const;

/**
 * Queues a policy notification when `webhookUrl` is set: signed over the exact bytes sent, with the event
 * and one delivery id that every attempt of the delivery repeats.
 */
export function notify(request: HandlerRequest<KaskoState>, event: KaskoEvent, policy: PolicyRecord): void {
  const url = configuredWebhookUrl(request.settings);
  if (url === undefined) return;
  const secret = request.credentials.webhookSecret as string;
  const delivery = newGuid();
  request.webhooks.send({
    url,
    event,
    body: notificationBody(policy, request.origin),
    sign: (rawBody) => ({
      'X-KASKO-Signature': signKaskoWebhook(rawBody, secret),
      'X-KASKO-Event': event,
      'X-KASKO-Delivery': delivery,
    }),
    retrySchedule: [...RETRY_SCHEDULE_SECONDS],
  });
}
