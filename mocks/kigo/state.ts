import { ByteBudgetMap, estimateBytes, type BudgetLimits } from '../runtime/byte-budget';
import { stateBytesOf } from '../runtime/common-settings';
import type { Settings } from '../runtime/provider';

export type SessionTokenKind = 'partner' | 'access' | 'refresh';

/** A session token the sandbox issued, keyed in the state by its digest (`tokenDigest`). */
export interface IssuedToken {
  readonly kind: SessionTokenKind;
  readonly partnerId: string;
  /** The API key the token was issued with: revoking it refuses the token. */
  readonly apiKey: string;
  /** The account of an access or refresh token. */
  readonly accountId?: string;
  readonly expiresAtMs: number;
  /** The digest of the other token of an access/refresh pair: a refresh revokes both. */
  readonly pairDigest?: string;
  readonly revoked: boolean;
}

export interface SsoSession {
  readonly id: string;
  readonly partnerId: string;
  readonly apiKey: string;
  readonly accountId: string;
  readonly singleUse: boolean;
  readonly expiresAtMs: number;
  readonly used: boolean;
}

export type TokenStatus = 'active' | 'pending_share' | 'redeemed';
export type FlagName = 'is_revealable' | 'is_shareable' | 'is_redeemable' | 'is_hideable';

/** A token in a wallet; replaced, never changed in place (handlers work on copies, then commit). */
export interface WalletToken {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly creators: readonly string[];
  readonly media: { readonly image_url: string };
  readonly tags: readonly string[];
  readonly flags: Readonly<Record<FlagName, boolean>>;
  readonly status: TokenStatus;
  readonly revealed: boolean;
  readonly hidden: boolean;
  readonly redemption: { readonly redeemedAt: string | null; readonly code: string | null };
  readonly share: { readonly claimCode: string; readonly sharedAt: string } | null;
  readonly childTokens: readonly {
    readonly id: string;
    readonly name: string;
    readonly code: string | null;
  }[];
  /** When it entered this wallet: the gallery lists the newest first. */
  readonly acquiredAtMs: number;
}

export type Stage = 'registered' | 'onboarded' | 'active';

export interface Account {
  readonly id: string;
  readonly partnerId: string;
  readonly programId: string | null;
  readonly externalUserId: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly stage: Stage;
  readonly createdAt: string;
  readonly tokens: readonly WalletToken[];
}

/** The pending share a claim code stands for: the account holding the token, and the token. */
export interface ClaimCodeEntry {
  readonly accountId: string;
  readonly tokenId: string;
}

/**
 * Every map is a `ByteBudgetMap` (or, in a shared store, a view's map of the same surface), so the state can be
 * kept in memory or in a store alike (docs/scale.md, "Provider state"). The accounts' indexes are maps of their
 * own, index entry → account id, written with the account (in a store, in the same commit): `./accounts.ts`.
 */
export interface KigoState {
  /** Issued session tokens by digest; expired ones are kept (until evicted) to be told from unknown ones. */
  readonly tokens: ByteBudgetMap<string, IssuedToken>;
  readonly ssoSessions: ByteBudgetMap<string, SsoSession>;
  /** Accounts with their wallets, by id. */
  readonly accounts: ByteBudgetMap<string, Account>;
  /** `[partnerId, programId, externalUserId]` (JSON) → account id. */
  readonly accountsByExternalIds: ByteBudgetMap<string, string>;
  /** Wallet token id → the id of the account holding it. */
  readonly tokenOwners: ByteBudgetMap<string, string>;
  /** Claim code → the pending share it stands for. */
  readonly claimCodes: ByteBudgetMap<string, ClaimCodeEntry>;
}

export function createKigoState(): KigoState {
  return {
    tokens: new ByteBudgetMap<string, IssuedToken>(estimateBytes),
    ssoSessions: new ByteBudgetMap<string, SsoSession>(estimateBytes),
    accounts: new ByteBudgetMap<string, Account>(estimateBytes),
    accountsByExternalIds: new ByteBudgetMap<string, string>(estimateBytes),
    tokenOwners: new ByteBudgetMap<string, string>(estimateBytes),
    claimCodes: new ByteBudgetMap<string, ClaimCodeEntry>(estimateBytes),
  };
}

/**
 * The share of `maxStateBytes` of each of accounts (with their wallets), tokens and SSO sessions: a quarter
 * each, the last quarter split between the accounts' three indexes (`indexLimits`).
 */
export function stateLimits(settings: Settings): BudgetLimits {
  return { maxBytes: stateBytesOf(settings, 4) };
}

/**
 * Each index's share: a twelfth. An index entry (an id and an account id) is a small fraction of the account
 * it points into (its wallet's tokens, each with its fields), so each index keeps many times its live entries
 * before it evicts: the oldest first, those of accounts already forgotten.
 */
export function indexLimits(settings: Settings): BudgetLimits {
  return { maxBytes: stateBytesOf(settings, 12) };
}
