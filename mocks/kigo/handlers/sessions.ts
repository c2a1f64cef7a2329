import type { components } from '../../../src/kigo/types';
import type { HandlerResponse } from '../../runtime/provider';
import { checkToken, newToken, newTokenPair, type NewToken } from '../auth';
import { newUuid } from '../ids';
import { partnerByKey, partnersOf } from '../partners';
import { stateLimits, type Account, type IssuedToken } from '../state';
import {
  accountFor,
  callerOf,
  refuse,
  refuseIfRevoked,
  storeAccounts,
  ttlOf,
  type KigoRequest,
} from './common';

type Schemas = components['schemas'];

function storeTokens(request: KigoRequest, tokens: readonly { digest: string; record: IssuedToken }[]): void {
  const limits = stateLimits(request.settings);
  for (const { digest, record } of tokens) request.state.tokens.set(digest, record, limits);
}

/** `POST /api/v1/auth/sessions`: the API key and partner id for a partner token. */
export function createPartnerSession(request: KigoRequest): HandlerResponse {
  const { api_key, partner_id } = request.body as Schemas['PartnerSessionRequest'];
  const partner = partnerByKey(partnersOf(request.credentials, request.settings), api_key);
  if (!partner) throw refuse('KIGO_API_KEY_WRONG', 'The API key or partner id is not valid.');
  if (partner.partnerId !== partner_id)
    throw refuse('KIGO_PARTNER_ID_WRONG', 'The API key or partner id is not valid.');
  const ttlMs = Number(request.settings.partnerTokenTtlSeconds) * 1000;
  const issued = newToken({
    kind: 'partner',
    partnerId: partner.partnerId,
    apiKey: partner.apiKey,
    expiresAtMs: request.now.getTime() + ttlMs,
  });
  storeTokens(request, [issued]);
  return { status: 200, body: { token: issued.token } satisfies Schemas['PartnerSession'] };
}

/** An access/refresh pair for an account of the caller's partner, stored with the account (if new). */
function issuePair(
  request: KigoRequest,
  account: Account,
  owner: { partnerId: string; apiKey: string },
  commitAccount: boolean,
): { access: NewToken; refresh: NewToken } {
  const pair = newTokenPair(
    { partnerId: owner.partnerId, apiKey: owner.apiKey, accountId: account.id },
    request.now,
    ttlOf(request),
  );
  if (commitAccount) storeAccounts(request, [account]);
  storeTokens(request, [pair.access, pair.refresh]);
  return pair;
}

const sessionBody = (pair: { access: NewToken; refresh: NewToken }, account: Account) =>
  ({
    token: pair.access.token,
    refresh_token: pair.refresh.token,
    account_id: account.id,
  }) satisfies Schemas['AccountSession'];

/** `POST /api/v1/auth/sessions/accounts`: either body variant, for the user's account (created if new). */
export function createAccountSession(request: KigoRequest): HandlerResponse {
  const body = request.body as {
    brand_identifier?: string;
    external_program_id?: string;
    external_user_id: string;
    user_email?: string | null;
  };
  const caller = callerOf(request);
  const { account, created } = accountFor(request, {
    programId: body.brand_identifier ?? body.external_program_id ?? null,
    externalUserId: body.external_user_id,
    email: body.user_email ?? null,
  });
  const pair = issuePair(
    request,
    account,
    { partnerId: caller.partner, apiKey: caller.keys[0] as string },
    created,
  );
  return { status: 200, body: sessionBody(pair, account) };
}

/** `POST /api/v1/auth/sessions/accounts/refresh`: a refresh token for a new pair; the old pair is revoked. */
export function refreshAccountSession(request: KigoRequest): HandlerResponse {
  const { refresh_token } = request.body as Schemas['RefreshRequest'];
  const check = checkToken(request.state, refresh_token, 'refresh', request.now);
  if (!check.ok) throw refuse(check.reason, check.message);
  const { record, digest } = check;
  refuseIfRevoked(request, record.apiKey);
  const account = request.state.accounts.get(record.accountId as string) as Account;
  const revoked: { digest: string; record: IssuedToken }[] = [
    { digest, record: { ...record, revoked: true } },
  ];
  const access = record.pairDigest === undefined ? undefined : request.state.tokens.get(record.pairDigest);
  if (access && record.pairDigest !== undefined)
    revoked.push({ digest: record.pairDigest, record: { ...access, revoked: true } });
  storeTokens(request, revoked);
  const pair = issuePair(request, account, record, false);
  return { status: 200, body: sessionBody(pair, account) };
}

/** `POST /api/v1/accounts/sso-sessions`: a session id for the partner hub, creating the account if new. */
export function createSsoSession(request: KigoRequest): HandlerResponse {
  const body = request.body as Schemas['SsoSessionRequest'];
  const caller = callerOf(request);
  const { account, created } = accountFor(request, {
    programId: body.external_program_id ?? body.brand_identifier ?? null,
    externalUserId: body.external_user_id,
    email: body.user_email ?? body.email ?? null,
  });
  const session = {
    id: newUuid(),
    partnerId: caller.partner,
    apiKey: caller.keys[0] as string,
    accountId: account.id,
    singleUse: body.single_use === true,
    expiresAtMs: request.now.getTime() + Number(request.settings.ssoSessionTtlSeconds) * 1000,
    used: false,
  };
  if (created) storeAccounts(request, [account]);
  request.state.ssoSessions.set(session.id, session, stateLimits(request.settings));
  return { status: 200, body: { session_id: session.id } satisfies Schemas['SsoSession'] };
}

/** `PATCH /sso/sessions/api/accounts`: an SSO session for the account's tokens. */
export function exchangeSsoSession(request: KigoRequest): HandlerResponse {
  const { session_id } = request.body as Schemas['SsoExchangeRequest'];
  const session = request.state.ssoSessions.get(session_id);
  const account = session && request.state.accounts.get(session.accountId);
  if (!session || !account) throw refuse('KIGO_SSO_SESSION_UNKNOWN', 'The SSO session is not valid.');
  if (session.singleUse && session.used)
    throw refuse('KIGO_SSO_SESSION_USED', 'This SSO session was single use and has been used already.');
  if (request.now.getTime() >= session.expiresAtMs)
    throw refuse('KIGO_SSO_SESSION_EXPIRED', 'The SSO session has expired.');
  refuseIfRevoked(request, session.apiKey);
  request.state.ssoSessions.set(session.id, { ...session, used: true }, stateLimits(request.settings));
  const pair = issuePair(request, account, session, false);
  return {
    status: 200,
    body: {
      account_space_api_session_token: pair.access.token,
      account_space_api_refresh_token: pair.refresh.token,
      account_id: account.id,
    } satisfies Schemas['SsoAccountTokens'],
  };
}
