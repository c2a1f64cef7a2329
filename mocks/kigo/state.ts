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

const externalKey = (partnerId: string, programId: string | null, userId: string) =>
  JSON.stringify([partnerId, programId, userId]);

/**
 * The accounts, bounded in bytes, with the indexes lookups need: by external ids, a wallet token's owner, a
 * claim code's share. The indexes follow every store and eviction, so they never outlive their account.
 */
export class AccountStore {
  private readonly accounts = new ByteBudgetMap<string, Account>(estimateBytes);
  private readonly byExternalIds = new Map<string, string>();
  private readonly tokenOwners = new Map<string, string>();
  private readonly claimCodes = new Map<string, { accountId: string; tokenId: string }>();
  /** The account each index entry was made from (the map evicts without handing the value back). */
  private readonly indexed = new Map<string, Account>();

  get bytes(): number {
    return this.accounts.bytes;
  }

  get(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  find(partnerId: string, programId: string | null, userId: string): Account | undefined {
    const id = this.byExternalIds.get(externalKey(partnerId, programId, userId));
    return id === undefined ? undefined : this.accounts.get(id);
  }

  /** The partner's first account of the user in any program (a lookup that names no program). */
  findInAnyProgram(partnerId: string, userId: string): Account | undefined {
    for (const account of this.accounts.values()) {
      if (account.partnerId === partnerId && account.externalUserId === userId) return account;
    }
    return undefined;
  }

  ownerOfToken(tokenId: string): Account | undefined {
    const id = this.tokenOwners.get(tokenId);
    return id === undefined ? undefined : this.accounts.get(id);
  }

  /** The pending share a claim code stands for. */
  share(claimCode: string): { account: Account; token: WalletToken } | undefined {
    const found = this.claimCodes.get(claimCode);
    const account = found && this.accounts.get(found.accountId);
    const token = account?.tokens.find((candidate) => candidate.id === found?.tokenId);
    return account && token ? { account, token } : undefined;
  }

  /** Stores (or replaces) accounts in one step, then forgets the oldest past the limits. */
  set(accounts: readonly Account[], limits: BudgetLimits): void {
    for (const account of accounts) {
      const previous = this.accounts.get(account.id);
      if (previous) this.unindex(previous);
      this.index(account);
      this.indexed.set(account.id, account);
      for (const evicted of this.accounts.set(account.id, account, limits)) {
        const gone = this.indexed.get(evicted);
        if (gone) this.unindex(gone);
        this.indexed.delete(evicted);
      }
    }
  }

  private index(account: Account): void {
    this.byExternalIds.set(
      externalKey(account.partnerId, account.programId, account.externalUserId),
      account.id,
    );
    for (const token of account.tokens) {
      this.tokenOwners.set(token.id, account.id);
      if (token.share)
        this.claimCodes.set(token.share.claimCode, { accountId: account.id, tokenId: token.id });
    }
  }

  private unindex(account: Account): void {
    const key = externalKey(account.partnerId, account.programId, account.externalUserId);
    if (this.byExternalIds.get(key) === account.id) this.byExternalIds.delete(key);
    for (const token of account.tokens) {
      if (this.tokenOwners.get(token.id) === account.id) this.tokenOwners.delete(token.id);
      if (token.share && this.claimCodes.get(token.share.claimCode)?.accountId === account.id)
        this.claimCodes.delete(token.share.claimCode);
    }
  }
}

export interface KigoState {
  /** Issued session tokens by digest; expired ones are kept (until evicted) to be told from unknown ones. */
  readonly tokens: ByteBudgetMap<string, IssuedToken>;
  readonly ssoSessions: ByteBudgetMap<string, SsoSession>;
  readonly accounts: AccountStore;
}

export function createKigoState(): KigoState {
  return {
    tokens: new ByteBudgetMap<string, IssuedToken>(estimateBytes),
    ssoSessions: new ByteBudgetMap<string, SsoSession>(estimateBytes),
    accounts: new AccountStore(),
  };
}

/** Each of the three stores' share of `maxStateBytes`: accounts with their wallets, tokens, SSO sessions. */
export function stateLimits(settings: Settings): BudgetLimits {
  return { maxBytes: stateBytesOf(settings, 3) };
}
