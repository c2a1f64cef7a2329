import type { HandlerRequest, Principal } from '../../runtime/provider';
import { SandboxRejection } from '../../runtime/reasons';
import { newUuid } from '../ids';
import { findAccount, storeAccounts as storeInState } from '../accounts';
import type { Account, KigoState } from '../state';
import { sampleWallet } from '../wallet';
import { refuse } from '../reasons';

export type KigoRequest = HandlerRequest<KigoState>;

/** The caller of an authenticated operation (the scheme guarantees one). */
export function callerOf(request: KigoRequest): Principal & { partner: string } {
  const { principal } = request;
  if (principal?.partner === undefined)
    throw new Error(`${request.operationId} reached without an authenticated partner`);
  return principal as Principal & { partner: string };
}

/** The caller's account, for account-level operations. */
export function accountOf(request: KigoRequest): Account {
  const id = callerOf(request).account;
  const account = id === undefined ? undefined : request.state.accounts.get(id);
  if (!account) throw new Error(`${request.operationId} reached without the caller's account`);
  return account;
}

export function ttlOf(request: KigoRequest): { accessSeconds: number; refreshSeconds: number } {
  return {
    accessSeconds: Number(request.settings.userTokenTtlSeconds),
    refreshSeconds: Number(request.settings.refreshTokenTtlSeconds),
  };
}

/** The partner's account of a user in a program, or a new one (not stored: the caller commits it). */
export function accountFor(
  request: KigoRequest,
  user: { programId: string | null; externalUserId: string; email: string | null },
): { account: Account; created: boolean } {
  const partnerId = callerOf(request).partner;
  const existing = findAccount(request.state, partnerId, user.programId, user.externalUserId);
  if (existing) return { account: existing, created: false };
  const account: Account = {
    id: newUuid(),
    partnerId,
    ...user,
    firstName: null,
    lastName: null,
    stage: 'registered',
    createdAt: request.now.toISOString(),
    tokens: sampleWallet(request.now),
  };
  return { account, created: true };
}

export function storeAccounts(request: KigoRequest, accounts: readonly Account[]): void {
  storeInState(request.state, accounts, request.settings);
}

/**
 * The revoked-key refusal of what was issued with a key (a refresh token, an SSO session): the runtime refuses
 * the key itself wherever a request carries it; what it was exchanged for only the handler knows.
 */
export function refuseIfRevoked(request: KigoRequest, apiKey: string): void {
  if (request.isRevoked(apiKey))
    throw new SandboxRejection(401, 'KIGO_KEY_REVOKED', 'This key has been revoked.');
}

export { refuse };
