import { signWebhookData, WEBHOOK_SIGNATURE_HEADER } from '../../src/kashier/webhook-signature';
import type { HandlerRequest } from '../runtime/provider';
import { paymentApiKeyOf } from './keys';
import type { Mode } from './modes';
import type { KashierState } from './state';
import { configuredWebhookUrl } from '../runtime/common-settings';

/** Retries after a failed delivery, in seconds (inferred: Kashier publishes no retry policy). */
export const WEBHOOK_RETRY_SCHEDULE = [60, 300, 1800] as const;

/**
 * Queues a server notification through the runtime's outbox: `{"event", "data": {…, "signatureKeys"}}`, signed
 * in `x-kashier-signature` over the scalar fields of `data` (every one is listed, sorted). Goes to the payment's
 * `serverWebhook`, else the `webhookUrl` setting; nowhere when neither is set.
 */
export function notify(
  request: HandlerRequest<KashierState>,
  mode: Mode,
  serverWebhook: string | undefined,
  event: 'pay' | 'refund',
  fields: Readonly<Record<string, string | number>>,
  extra: Readonly<Record<string, unknown>> = {},
): void {
  const url = serverWebhook ?? configuredWebhookUrl(request.settings);
  if (url === undefined) return;
  const data = { ...fields, ...extra, signatureKeys: Object.keys(fields).sort() };
  const key = paymentApiKeyOf(mode, request.credentials);
  request.webhooks.send({
    url,
    event,
    body: { event, data },
    sign: () => ({ [WEBHOOK_SIGNATURE_HEADER]: signWebhookData(data, key) }),
    retrySchedule: WEBHOOK_RETRY_SCHEDULE,
  });
}
