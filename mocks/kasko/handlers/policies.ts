import type { HandlerResponse } from '../../runtime/provider';
import { invalidField } from '../errors';
import { newInsurerPolicyId, newPolicyId, newToken } from '../ids';
import { notify } from '../notifications';
import { refuse } from '../reasons';
import { stateLimits, type PolicyRecord, type QuoteRecord } from '../state';
import { isoSeconds, offerView, policyView } from '../views';
import {
  accountOf,
  findPolicy,
  nextVersion,
  requireVersionedMediaType,
  savePolicy,
  type KaskoRequest,
} from './common';

/** A quote token this account was issued and that has not expired on the sandbox clock. */
export function usableQuote(request: KaskoRequest, token: string): QuoteRecord {
  const quote = request.state.quotes.get(token);
  if (!quote || quote.account !== accountOf(request))
    throw refuse('KASKO_QUOTE_TOKEN_INVALID', 'Data validation failed.', invalidField('quote_token'));
  if (request.now.getTime() >= quote.expiresAtMs)
    throw refuse(
      'KASKO_QUOTE_TOKEN_EXPIRED',
      'Quote token has expired.',
      invalidField('quote_token', 'expired'),
    );
  return quote;
}

interface CustomerFields {
  quote_token?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  language?: string;
  data?: Record<string, unknown>;
}

/** An offer: an unpaid policy (`pending`) with the token that pays it. */
export function createOffer(request: KaskoRequest): HandlerResponse {
  requireVersionedMediaType(request);
  const fields = request.body as Required<CustomerFields>;
  const quote = usableQuote(request, fields.quote_token);
  const now = request.now;
  const policy: PolicyRecord = {
    id: newPolicyId(),
    account: quote.account,
    productKey: quote.productKey,
    insurerPolicyId: newInsurerPolicyId(),
    paymentToken: newToken(),
    firstName: fields.first_name,
    lastName: fields.last_name,
    email: fields.email,
    language: fields.language,
    data: { ...(fields.data ?? {}) },
    amounts: quote.amounts,
    status: 'pending',
    statusBeforeCancel: null,
    settlesAtMs: null,
    version: 1,
    modifiedAtMs: now.getTime(),
    createdAt: isoSeconds(now),
    terminationDate: null,
    cancellationReason: null,
    cancelledAt: null,
  };
  const answer = { status: 201, body: offerView(policy, request.origin) };
  request.state.policies.set(policy.id, policy, stateLimits(request.settings));
  return answer;
}

export function getPolicy(request: KaskoRequest): HandlerResponse {
  requireVersionedMediaType(request);
  const policy = findPolicy(request, request.params.policy_id as string);
  return { status: 200, body: policyView(policy, request.origin) };
}

/** A change of a policy that is not cancelled: answered, stored, then notified. */
function changed(request: KaskoRequest, policy: PolicyRecord): HandlerResponse {
  const answer = { status: 200, body: policyView(policy, request.origin) };
  savePolicy(request, policy);
  notify(request, 'policy.updated', policy);
  return answer;
}

function uncancelled(request: KaskoRequest): PolicyRecord {
  requireVersionedMediaType(request);
  const policy = findPolicy(request, request.params.policy_id as string);
  if (policy.status === 'cancelled')
    throw refuse('KASKO_POLICY_CANCELLED', 'Cancelled policy cannot be modified.');
  return policy;
}

export function updatePolicy(request: KaskoRequest): HandlerResponse {
  const policy = uncancelled(request);
  const fields = request.body as CustomerFields;
  // A new quote token re-prices the policy (Inferred); it must be usable as for an offer.
  const quote = fields.quote_token === undefined ? undefined : usableQuote(request, fields.quote_token);
  return changed(
    request,
    nextVersion(request, policy, {
      ...(fields.first_name === undefined ? {} : { firstName: fields.first_name }),
      ...(fields.last_name === undefined ? {} : { lastName: fields.last_name }),
      ...(fields.email === undefined ? {} : { email: fields.email }),
      ...(fields.data === undefined ? {} : { data: { ...policy.data, ...fields.data } }),
      ...(quote === undefined ? {} : { amounts: quote.amounts }),
    }),
  );
}

export function cancelPolicy(request: KaskoRequest): HandlerResponse {
  const policy = uncancelled(request);
  const fields = request.body as { cancellation_reason?: string; termination_date?: string };
  return changed(
    request,
    nextVersion(request, policy, {
      status: 'cancelled',
      statusBeforeCancel: policy.status,
      cancellationReason: fields.cancellation_reason ?? null,
      terminationDate: fields.termination_date ?? null,
      cancelledAt: isoSeconds(request.now),
    }),
  );
}

export function reactivatePolicy(request: KaskoRequest): HandlerResponse {
  requireVersionedMediaType(request);
  const policy = findPolicy(request, request.params.policy_id as string);
  if (policy.status !== 'cancelled')
    throw refuse('KASKO_POLICY_NOT_CANCELLED', 'Only a cancelled policy can be reactivated.');
  return changed(
    request,
    nextVersion(request, policy, {
      status: policy.statusBeforeCancel ?? 'pending',
      statusBeforeCancel: null,
      cancellationReason: null,
      terminationDate: null,
      cancelledAt: null,
    }),
  );
}
