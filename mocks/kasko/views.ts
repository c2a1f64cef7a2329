import type { Amounts, PaymentRecord, PolicyRecord } from './state';

/** Policy dates: a year of cover from creation (Inferred: products set their own terms). */
function coverEnd(createdAt: string): string {
  const end = new Date(createdAt);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return isoSeconds(end);
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const link = (origin: string, path: string) => ({ _self: { href: `${origin}${path}` } });

export function offerView(policy: PolicyRecord, origin: string): Record<string, unknown> {
  return {
    id: policy.id,
    insurer_policy_id: policy.insurerPolicyId,
    insurer_external_policy_id: null,
    payment_token: policy.paymentToken,
    livemode: false,
    _links: link(origin, `/policies/${policy.id}`),
  };
}

export function policyView(policy: PolicyRecord, origin: string): Record<string, unknown> {
  const amounts: Amounts = policy.amounts;
  return {
    id: policy.id,
    livemode: false,
    version_id: policy.version,
    product_id: policy.productKey,
    insurer_policy_id: policy.insurerPolicyId,
    first_name: policy.firstName,
    last_name: policy.lastName,
    email: policy.email,
    language: policy.language,
    currency: 'eur',
    status: policy.status,
    gross_payment_amount: amounts.gross_premium,
    quote: { ...amounts },
    data: { ...policy.data },
    metadata: {},
    policy_created_date: policy.createdAt,
    start_date: policy.createdAt,
    end_date: coverEnd(policy.createdAt),
    termination_date: policy.terminationDate,
    cancellation_reason: policy.cancellationReason,
    cancelled_at: policy.cancelledAt,
    _links: link(origin, `/policies/${policy.id}`),
  };
}

export function paymentView(payment: PaymentRecord, origin: string): Record<string, unknown> {
  return {
    object: 'payment',
    id: payment.id,
    livemode: false,
    provider: payment.provider,
    method: payment.method,
    status: 'ok',
    policy_id: payment.policyId,
    charge_id: payment.chargeId,
    fee: 0,
    reference: null,
    token: payment.token,
    reason: null,
    processed_at: payment.processedAt,
    error_code: null,
    metadata: { ...payment.metadata },
    _links: link(origin, `/payments/${payment.id}`),
  };
}

/** The notification body KASKO's webhook documentation shows; `policy_id` is the insurer's policy number. */
export function notificationBody(policy: PolicyRecord, origin: string): Record<string, unknown> {
  return {
    id: policy.id,
    livemode: false,
    policy_id: policy.insurerPolicyId,
    product_id: policy.productKey,
    status: policy.status,
    first_name: policy.firstName,
    last_name: policy.lastName,
    email: policy.email,
    policy_created_date: policy.createdAt,
    start_date: policy.createdAt,
    end_date: coverEnd(policy.createdAt),
    gross_premium: policy.amounts.gross_premium,
    premium_tax: policy.amounts.premium_tax,
    metadata: {},
    assets: [
      {
        designation: 'policy_document',
        name: 'Policy document',
        extension: 'pdf',
        href: `https://assets.kasko.io/test/policies/${policy.id}.pdf`,
      },
    ],
    _links: { self: { href: `${origin}/policies/${policy.id}` } },
  };
}
