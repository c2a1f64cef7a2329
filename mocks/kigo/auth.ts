import { bearerToken } from '../runtime/credentials/extract';
import type { PrincipalClaims, SecurityOutcome, SecuritySchemeHandler } from '../runtime/provider';
import { isSessionTokenShaped, newSessionToken, tokenDigest } from './ids';
import type { KigoReason } from './reasons';
import { KIGO_REASONS } from './reasons';
import type { IssuedToken, KigoState, SessionTokenKind } from './state';

/** Why a token presented for some use is refused, or the token record when it is good for that use. */
export type TokenCheck =
  | { readonly ok: true; readonly record: IssuedToken; readonly digest: string }
  | { readonly ok: false; readonly reason: KigoReason; readonly message: string };

const refused = (reason: KigoReason, message: string): TokenCheck => ({ ok: false, reason, message });

/** The wrong kind of token for a use: each mistake has its own code. */
const WRONG_KIND: Readonly<Record<SessionTokenKind, Partial<Record<SessionTokenKind, KigoReason>>>> = {
  partner: { access: 'KIGO_PARTNER_TOKEN_REQUIRED', refresh: 'KIGO_REFRESH_TOKEN_AS_ACCESS' },
  access: { partner: 'KIGO_ACCOUNT_TOKEN_REQUIRED', refresh: 'KIGO_REFRESH_TOKEN_AS_ACCESS' },
  refresh: { partner: 'KIGO_ACCESS_TOKEN_AS_REFRESH', access: 'KIGO_ACCESS_TOKEN_AS_REFRESH' },
};

const WRONG_KIND_MESSAGES: Readonly<Partial<Record<KigoReason, string>>> = {
  KIGO_PARTNER_TOKEN_REQUIRED: 'This operation requires a partner session token.',
  KIGO_ACCOUNT_TOKEN_REQUIRED: 'This operation requires an account session token.',
  KIGO_REFRESH_TOKEN_AS_ACCESS: 'A refresh token cannot be used as a session token.',
  KIGO_ACCESS_TOKEN_AS_REFRESH: 'This is not a refresh token.',
};

/**
 * Checks a token for a use (`wanted`): its shape, that the sandbox issued it, that it was not revoked by a
 * refresh, its kind, and its lifetime on the sandbox clock. The API key it rests on is the caller's to check
 * (the runtime does, through the principal's `keys`).
 */
export function checkToken(state: KigoState, token: string, wanted: SessionTokenKind, now: Date): TokenCheck {
  if (!isSessionTokenShaped(token)) return refused('KIGO_TOKEN_MALFORMED', 'The session token is malformed.');
  const digest = tokenDigest(token);
  const record = state.tokens.get(digest);
  if (!record) return refused('KIGO_TOKEN_UNKNOWN', 'The session token is not valid.');
  if (record.revoked) return refused('KIGO_TOKEN_REVOKED', 'The session token has been revoked.');
  const wrongKind = record.kind === wanted ? undefined : WRONG_KIND[wanted][record.kind];
  if (wrongKind) return refused(wrongKind, WRONG_KIND_MESSAGES[wrongKind] as string);
  if (now.getTime() >= record.expiresAtMs)
    return refused('KIGO_TOKEN_EXPIRED', 'The session token has expired.');
  if (record.accountId !== undefined && !state.accounts.get(record.accountId)) {
    // The account was forgotten (state bounded in bytes): its tokens go with it.
    return refused('KIGO_TOKEN_UNKNOWN', 'The session token is not valid.');
  }
  return { ok: true, record, digest };
}

/** Who a token's holder is: its partner (and account), resting on the API key it was issued with. */
export function principalOf(record: IssuedToken): PrincipalClaims {
  return {
    subject: record.kind === 'partner' ? 'partner session token' : 'account session token',
    keys: [record.apiKey],
    partner: record.partnerId,
    ...(record.accountId === undefined ? {} : { account: record.accountId }),
  };
}

/** A Bearer scheme for one kind of token: partner-level or account-level operations. */
export function bearerScheme(wanted: 'partner' | 'access'): SecuritySchemeHandler<KigoState> {
  return (request, { state, now }): SecurityOutcome => {
    const sent = bearerToken(request.headers);
    // Another scheme in Authorization (`Basic ...`, a bare token) is a malformed Bearer header, not a missing one.
    if (sent.kind === 'missing' && request.headers.authorization !== undefined) {
      const message = 'The Authorization header must be `Bearer <session token>`.';
      return failure('KIGO_TOKEN_MALFORMED', message, { detail: 'not the Bearer scheme' });
    }
    if (sent.kind === 'missing') {
      const message = 'An Authorization header with a Bearer session token is required.';
      return failure('KIGO_TOKEN_MISSING', message, { present: false }, true);
    }
    if (sent.kind === 'malformed') {
      return failure('KIGO_TOKEN_MALFORMED', 'The session token is malformed.', { detail: sent.detail });
    }
    const check = checkToken(state, sent.token, wanted, now);
    if (!check.ok) return failure(check.reason, check.message, { present: true });
    return {
      ok: true,
      checked: { token: `${check.record.kind} token` },
      principal: principalOf(check.record),
    };
  };
}

function failure(
  reason: KigoReason,
  message: string,
  checked: Readonly<Record<string, unknown>>,
  missing = false,
): SecurityOutcome {
  return { ok: false, status: KIGO_REASONS[reason].status, reason, message, checked, missing };
}

/** A token to hand out and the record the state keeps of it (by its digest). */
export interface NewToken {
  readonly token: string;
  readonly digest: string;
  readonly record: IssuedToken;
}

export function newToken(fields: Omit<IssuedToken, 'revoked'>): NewToken {
  const token = newSessionToken();
  return { token, digest: tokenDigest(token), record: { ...fields, revoked: false } };
}

/** An access token and its refresh token, each knowing the other (a refresh revokes both). */
export function newTokenPair(
  owner: { partnerId: string; apiKey: string; accountId: string },
  now: Date,
  ttl: { accessSeconds: number; refreshSeconds: number },
): { access: NewToken; refresh: NewToken } {
  const access = newToken({
    kind: 'access',
    ...owner,
    expiresAtMs: now.getTime() + ttl.accessSeconds * 1000,
  });
  const refresh = newToken({
    kind: 'refresh',
    ...owner,
    expiresAtMs: now.getTime() + ttl.refreshSeconds * 1000,
    pairDigest: access.digest,
  });
  return {
    access: { ...access, record: { ...access.record, pairDigest: refresh.digest } },
    refresh,
  };
}
