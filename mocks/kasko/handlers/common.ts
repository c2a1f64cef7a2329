import { kaskoVersionAccepted } from '../../../src/kasko/media-types';
import type { HandlerRequest } from '../../runtime/provider';
import { refuse } from '../reasons';
import { policyAt, stateLimits, type KaskoState, type PolicyRecord } from '../state';

export type KaskoRequest = HandlerRequest<KaskoState>;

/** The caller's account: every policy and payment operation is authenticated with a secret key. */
export function accountOf(request: KaskoRequest): string {
  const account = request.principal?.account;
  if (account === undefined) throw new Error(`${request.operationId} reached without an account`);
  return account;
}

/**
 * Offers and policies need KASKO's versioned media type (v2; v3 accepted as well, Inferred) unless the
 * `requireVersionedMediaType` setting is off.
 */
export function requireVersionedMediaType(request: KaskoRequest): void {
  if (request.settings.requireVersionedMediaType === false) return;
  const accept = request.headers.accept;
  if (kaskoVersionAccepted(Array.isArray(accept) ? accept.join(', ') : accept) !== undefined) return;
  throw refuse(
    'KASKO_MEDIA_TYPE_NOT_ACCEPTABLE',
    'This endpoint requires Accept: application/vnd.kasko.v2+json.',
  );
}

export const policyNotFoundMessage = (id: string): string => `Policy with id - ${id} not found.`;
export const paymentNotFoundMessage = (id: string): string => `Payment with id - ${id} not found.`;

/**
 * The caller's policy as it stands now (a settled payment shows as paid). Another account's policy is
 * answered exactly as one that never existed (the runtime's `ownerOf` already refused path ids; this covers
 * ids in bodies).
 */
export function findPolicy(request: KaskoRequest, id: string): PolicyRecord {
  const policy = request.state.policies.get(id);
  if (!policy || policy.account !== accountOf(request))
    throw refuse('KASKO_POLICY_NOT_FOUND', policyNotFoundMessage(id));
  return policyAt(policy, request.now.getTime());
}

/** Stores a policy in one assignment: called once the answer is built. */
export function savePolicy(request: KaskoRequest, policy: PolicyRecord): void {
  request.state.policies.set(policy.id, policy, stateLimits(request.settings));
}

/** The next version of a policy, changed at the request's time. */
export function nextVersion(
  request: KaskoRequest,
  policy: PolicyRecord,
  changes: Partial<PolicyRecord>,
): PolicyRecord {
  return { ...policy, ...changes, version: policy.version + 1, modifiedAtMs: request.now.getTime() };
}
