import { solidityPacked } from 'ethers';
import { signPackedMessage } from '../../../src/ensuro/quote-signature';
import { formatAmount, parseAmount } from '../../../src/ensuro/units';
import { unusedShare } from '../../runtime/money';
import type { HandlerResponse } from '../../runtime/provider';
import { instanceOf } from '../instance';
import { notifyFailure, notifyPolicy } from '../notifications';
import { priceQuote, refuse, type EnsuroRequest, type QuoteBody } from '../quotes';
import { stateLimits, type PolicyRecord } from '../state';

const EXPIRED = 'PolicyAlreadyExpired(uint256 policyId)';
const nowOf = (request: EnsuroRequest) => Math.floor(request.now.getTime() / 1000);

/** The active policy a request names, or the refusal Ensuro's contract would revert with. */
function activePolicy(request: EnsuroRequest, ensuroId: string): PolicyRecord {
  const policy = request.state.policies.get(ensuroId);
  if (!policy) throw refuse('ENSURO_POLICY_NOT_FOUND', 'Invalid input: Policy not found');
  if (policy.status !== 'active') {
    throw refuse('ENSURO_POLICY_NOT_ACTIVE', `Invalid input: the policy is ${policy.status}, not active`);
  }
  return policy;
}

function store(request: EnsuroRequest, policy: PolicyRecord): void {
  request.state.policies.set(policy.ensuroId, policy, stateLimits(request.settings));
}

/** Prices and creates a policy; past the maximum duration the creation fails on chain (notified). */
export function newPolicy(request: EnsuroRequest): HandlerResponse {
  const { answer, policy } = priceQuote(request, request.body as QuoteBody, true);
  const response = { status: 200, body: { ...answer, ensuro_id: policy.ensuroId } };
  if (policy.expiration - policy.start > Number(request.settings.maxPolicyDurationDays) * 86_400) {
    notifyFailure(request, 'creation', 'execution reverted: Policy exceeds max duration');
    return response;
  }
  store(request, policy);
  notifyPolicy(request, 'creation', policy);
  return response;
}

/** Resolves an active policy with a payout up to its own; an expired one fails on chain (notified). */
export function resolvePolicy(request: EnsuroRequest): HandlerResponse {
  const body = request.body as { ensuro_id: string; payout: string | number };
  const policy = activePolicy(request, body.ensuro_id);
  const zero = body.payout === 0 || /^0(\.0+)?$/.test(String(body.payout));
  const payout = zero
    ? { ok: true as const, value: 0n }
    : parseAmount(body.payout, instanceOf(request.settings).decimals);
  if (!payout.ok) throw refuse('ENSURO_AMOUNT_INVALID', `Invalid input: payout ${payout.detail}`);
  if (payout.value > BigInt(policy.payout)) {
    throw refuse('ENSURO_RESOLUTION_PAYOUT_TOO_HIGH', 'Invalid input: payout > policy.payout');
  }
  const response = { status: 200, body: { status: 'QUEUED' } };
  if (policy.expiration <= nowOf(request)) {
    notifyFailure(request, 'resolution', EXPIRED);
    return response;
  }
  const resolved: PolicyRecord = {
    ...policy,
    status: payout.value > 0n ? 'customer_won' : 'customer_lost',
    actualPayout: payout.value.toString(),
    updatedAt: nowOf(request),
  };
  store(request, resolved);
  notifyPolicy(request, 'resolution', resolved);
  return response;
}

/** Replaces an active policy with terms not below its own; an expired one fails on chain (notified). */
export function replacePolicy(request: EnsuroRequest): HandlerResponse {
  const body = request.body as QuoteBody & { old_ensuro_id: string };
  const old = activePolicy(request, body.old_ensuro_id);
  const { answer, policy } = priceQuote(request, body, true);
  if (BigInt(policy.payout) < BigInt(old.payout) || policy.expiration < old.expiration) {
    throw refuse(
      'ENSURO_REPLACEMENT_BELOW_OLD',
      'Invalid input: New policy must be greater or equal than old policy (payout and expiration)',
    );
  }
  const response = { status: 200, body: { ...answer, ensuro_id: policy.ensuroId } };
  if (old.expiration <= nowOf(request)) {
    notifyFailure(request, 'replacement', EXPIRED);
    return response;
  }
  const replacement: PolicyRecord = { ...policy, replaces: old.ensuroId };
  store(request, { ...old, status: 'replaced', replacedBy: policy.ensuroId, updatedAt: nowOf(request) });
  store(request, replacement);
  notifyPolicy(request, 'replacement', replacement);
  return response;
}

/**
 * Cancels an active policy. Inferred refunds: the pure premium whole, the costs of capital in proportion to the
 * time left; signed by the pricer over packed (risk module, policy id, the three refunds, uint40 valid-until).
 */
export function cancelPolicy(request: EnsuroRequest): HandlerResponse {
  const body = request.body as { ensuro_id: string };
  const policy = activePolicy(request, body.ensuro_id);
  const instance = instanceOf(request.settings);
  const now = nowOf(request);
  // The time left is clamped to the policy's duration: a clock moved before its start refunds what was charged.
  const period = { start: policy.start, end: policy.expiration };
  const refund = {
    pure: policy.pure,
    jrCoc: unusedShare(BigInt(policy.jrCoc), period, now).toString(),
    srCoc: unusedShare(BigInt(policy.srCoc), period, now).toString(),
  };
  const validUntil = now + Number(request.settings.quoteValiditySeconds);
  const message = solidityPacked(
    ['address', 'uint256', 'uint256', 'uint256', 'uint256', 'uint40'],
    [instance.riskModule, policy.ensuroId, refund.pure, refund.jrCoc, refund.srCoc, validUntil],
  );
  const amount = (units: string) => formatAmount(BigInt(units), instance.decimals);
  const response = {
    status: 200,
    body: {
      ensuro_id: policy.ensuroId,
      refunds: {
        pure_premium: amount(refund.pure),
        jr_coc: amount(refund.jrCoc),
        sr_coc: amount(refund.srCoc),
      },
      signature: signPackedMessage(message, instance.pricerPrivateKey),
    },
  };
  if (policy.expiration <= now) {
    notifyFailure(request, 'cancellation', EXPIRED);
    return response;
  }
  const cancelled: PolicyRecord = { ...policy, status: 'cancelled', refund, updatedAt: now };
  store(request, cancelled);
  notifyPolicy(request, 'cancellation', cancelled);
  return response;
}
