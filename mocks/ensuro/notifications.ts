import { id } from 'ethers';
import { signBodyHmac } from '../../src/ensuro/body-signer';
import { formatAmount } from '../../src/ensuro/units';
import { DECIMALS, instanceOf } from './instance';
import type { EnsuroRequest } from './quotes';
import type { PolicyRecord } from './state';
import { configuredWebhookUrl } from '../runtime/common-settings';

/** Documented: first retry after 30 s, the delay doubling up to 10 minutes, at most 10 retries. */
export const NOTIFICATION_RETRY_SCHEDULE: readonly number[] = [
  30, 60, 120, 240, 480, 600, 600, 600, 600, 600,
];

export type PolicyEvent = 'creation' | 'resolution' | 'replacement' | 'cancellation';

const amount = (units: string) => formatAmount(BigInt(units), DECIMALS);
const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The policy as Ensuro's notifications show it (decimal amounts as text). */
export function policyView(request: EnsuroRequest, policy: PolicyRecord): Record<string, unknown> {
  return {
    id: policy.quoteId,
    ensuro_id: policy.ensuroId,
    rm: instanceOf(request.settings).riskModule,
    quote: null,
    premium: amount(policy.premium),
    payout: amount(policy.payout),
    loss_prob: policy.lossProb,
    pure_premium: amount(policy.pure),
    jr_coc: amount(policy.jrCoc),
    sr_coc: amount(policy.srCoc),
    ensuro_commission: amount(policy.commission),
    start: isoOf(policy.start),
    expiration: isoOf(policy.expiration),
    status: policy.status,
    actual_payout: policy.actualPayout === null ? null : amount(policy.actualPayout),
    custom_data: policy.data,
    refund_data:
      policy.refund === null
        ? null
        : {
            pure_premium_refund: amount(policy.refund.pure),
            jr_coc_refund: amount(policy.refund.jrCoc),
            sr_coc_refund: amount(policy.refund.srCoc),
          },
    replaces: policy.replaces,
    replaced_by: policy.replacedBy,
    bucket_id_hash: policy.bucketId === null ? null : id(policy.bucketId),
    updated_at: isoOf(policy.updatedAt),
  };
}

/**
 * Sends a notification when `webhookUrl` is set, signed with X-Ensuro-Signature over the exact bytes sent. The body
 * is built only then: most runs set no URL, and every new policy would pay for a view nobody receives.
 */
function send(request: EnsuroRequest, type: string, bodyOf: () => Record<string, unknown>): void {
  const url = configuredWebhookUrl(request.settings);
  if (url === undefined) return;
  const secret = String(request.credentials.hmacSecret);
  request.webhooks.send({
    url,
    event: type,
    body: bodyOf(),
    sign: (raw) => ({ 'X-Ensuro-Signature': signBodyHmac(raw, secret) }),
    retrySchedule: NOTIFICATION_RETRY_SCHEDULE,
  });
}

export function notifyPolicy(request: EnsuroRequest, event: PolicyEvent, policy: PolicyRecord): void {
  send(request, `policy/${event}`, () => ({ type: `policy/${event}`, policy: policyView(request, policy) }));
}

/** An operation that failed on chain after the 200 answer: the request and the revert reason. */
export function notifyFailure(request: EnsuroRequest, event: PolicyEvent, errorDetail: string): void {
  send(request, `policy/${event}/failed`, () => ({
    type: `policy/${event}/failed`,
    data: request.body as Record<string, unknown>,
    error_detail: errorDetail,
  }));
}
