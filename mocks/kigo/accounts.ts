import type { Settings } from '../runtime/provider';
import { indexLimits, stateLimits, type Account, type KigoState, type WalletToken } from './state';

/**
 * The accounts and the lookups through their indexes (by external ids, a wallet token's owner, a claim code's
 * share). Index entries are written with their account, never read to be written, so that a store-backed run
 * writes an account and its index entries in one commit without loading the entries first; they are not
 * deleted when the account changes or is evicted either. Instead, each lookup checks the entry against the
 * account it names, and one the account no longer bears (the account forgotten, the token moved on, the share
 * cancelled) reads as absent; such entries are forgotten as their index's budget evicts its oldest.
 */

const externalKey = (partnerId: string, programId: string | null, userId: string) =>
  JSON.stringify([partnerId, programId, userId]);

export function findAccount(
  state: KigoState,
  partnerId: string,
  programId: string | null,
  userId: string,
): Account | undefined {
  const id = state.accountsByExternalIds.get(externalKey(partnerId, programId, userId));
  const account = id === undefined ? undefined : state.accounts.get(id);
  const bears =
    account?.partnerId === partnerId && account.programId === programId && account.externalUserId === userId;
  return bears ? account : undefined;
}

/** The partner's first account of the user in any program (a lookup that names no program): a whole scan. */
export function findAccountInAnyProgram(
  state: KigoState,
  partnerId: string,
  userId: string,
): Account | undefined {
  for (const account of state.accounts.values()) {
    if (account.partnerId === partnerId && account.externalUserId === userId) return account;
  }
  return undefined;
}

export function ownerOfToken(state: KigoState, tokenId: string): Account | undefined {
  const id = state.tokenOwners.get(tokenId);
  const account = id === undefined ? undefined : state.accounts.get(id);
  return account?.tokens.some((token) => token.id === tokenId) ? account : undefined;
}

/** The pending share a claim code stands for. */
export function shareOf(
  state: KigoState,
  claimCode: string,
): { account: Account; token: WalletToken } | undefined {
  const found = state.claimCodes.get(claimCode);
  const account = found && state.accounts.get(found.accountId);
  const token = account?.tokens.find((candidate) => candidate.id === found?.tokenId);
  return account && token?.share?.claimCode === claimCode ? { account, token } : undefined;
}

/** Stores (or replaces) accounts in one step with their index entries; each map forgets its oldest past its budget. */
export function storeAccounts(state: KigoState, accounts: readonly Account[], settings: Settings): void {
  const limits = stateLimits(settings);
  const indexes = indexLimits(settings);
  for (const account of accounts) {
    const key = externalKey(account.partnerId, account.programId, account.externalUserId);
    state.accountsByExternalIds.set(key, account.id, indexes);
    for (const token of account.tokens) {
      state.tokenOwners.set(token.id, account.id, indexes);
      if (token.share)
        state.claimCodes.set(token.share.claimCode, { accountId: account.id, tokenId: token.id }, indexes);
    }
    state.accounts.set(account.id, account, limits);
  }
}
