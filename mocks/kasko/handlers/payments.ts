import { sameSecret } from '../../../src/shared/constant-time';
import type { HandlerResponse } from '../../runtime/provider';
import { checkOptionalPublicKey } from '../accounts';
import { invalidField } from '../errors';
import { newPaymentId } from '../ids';
import { notify } from '../notifications';
import { paymentOutcome, refuseDeclined } from '../payment-outcomes';
import { refuse } from '../reasons';
import { policyAt, stateLimits, type PaymentRecord, type PolicyRecord } from '../state';
import { isoSeconds, paymentView } from '../views';
import { accountOf, findPolicy, paymentNotFoundMessage, savePolicy, type KaskoRequest } from './common';

interface PaymentFields {
  token: string;
  policy_id: string;
  method: string;
  provider: string;
  metadata?: Record<string, unknown>;
}

/**
 * Pays an offer, once. The payment answers at once; the policy becomes `paid` `paymentSettlementSeconds`
 * later on the sandbox clock (0: from the next read), and `policy.created` is sent now (Inferred: KASKO
 * says only that policy creation after payment is asynchronous).
 */
export function createPayment(request: KaskoRequest): HandlerResponse {
  checkOptionalPublicKey(request.query.key, request.credentials);
  const fields = request.body as PaymentFields;
  const offer = findPolicy(request, fields.policy_id);
  if (offer.status === 'cancelled')
    throw refuse('KASKO_POLICY_CANCELLED', 'Cancelled policy cannot be paid.');
  if (offer.status === 'paid' || offer.settlesAtMs !== null)
    throw refuse('KASKO_OFFER_ALREADY_PAID', 'Offer has already been paid.');
  if (!sameSecret(fields.token, offer.paymentToken))
    throw refuse('KASKO_PAYMENT_TOKEN_INVALID', 'Data validation failed.', invalidField('token'));
  const outcome = paymentOutcome(fields);
  if (!outcome.pays) refuseDeclined(fields.method, outcome.code);

  const nowMs = request.now.getTime();
  const paid: PolicyRecord = {
    ...offer,
    settlesAtMs: nowMs + Number(request.settings.paymentSettlementSeconds) * 1000,
  };
  const payment: PaymentRecord = {
    id: newPaymentId(),
    account: accountOf(request),
    policyId: offer.id,
    provider: fields.provider,
    method: fields.method,
    chargeId: outcome.chargeId,
    token: fields.token,
    metadata: { ...(fields.metadata ?? {}) },
    processedAt: isoSeconds(request.now),
  };
  const answer = { status: 201, body: paymentView(payment, request.origin) };
  savePolicy(request, paid);
  request.state.payments.set(payment.id, payment, stateLimits(request.settings));
  // The notification describes the policy KASKO creates: as it will read once settled.
  notify(request, 'policy.created', policyAt(paid, Number.POSITIVE_INFINITY));
  return answer;
}

export function getPayment(request: KaskoRequest): HandlerResponse {
  const id = request.params.payment_id as string;
  const payment = request.state.payments.get(id);
  if (!payment || payment.account !== accountOf(request))
    throw refuse('KASKO_PAYMENT_NOT_FOUND', paymentNotFoundMessage(id));
  return { status: 200, body: paymentView(payment, request.origin) };
}
