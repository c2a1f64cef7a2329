import type { components } from '../../../src/kigo/types';
import type { HandlerResponse } from '../../runtime/provider';
import { newClaimCode, newGiftCardCode, newRedemptionCode } from '../ids';
import { shareOf } from '../accounts';
import type { FlagName, TokenStatus, WalletToken } from '../state';
import { galleryView, tokenView, withToken } from '../wallet';
import { accountOf, callerOf, refuse, storeAccounts, type KigoRequest } from './common';

type Schemas = components['schemas'];

/** `GET /api/v1/tokens`: newest first, filtered, a page at a time. */
export function listTokens(request: KigoRequest): HandlerResponse {
  const { query } = request;
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = (query.limit as number | undefined) ?? 20;
  const tags = (query.tag as string[] | undefined) ?? [];
  const flags = (query.flag as FlagName[] | undefined) ?? [];
  const status = query.status as TokenStatus | undefined;
  const includeHidden = query.include_hidden === true;
  const matching = accountOf(request)
    .tokens.filter(
      (token) =>
        (includeHidden || !token.hidden) &&
        (status === undefined || token.status === status) &&
        tags.every((tag) => token.tags.includes(tag)) &&
        flags.every((flag) => token.flags[flag]),
    )
    .sort((a, b) => b.acquiredAtMs - a.acquiredAtMs);
  const page: Schemas['TokenGallery'] = {
    tokens: matching.slice(offset, offset + limit).map(galleryView),
    total_count: matching.length,
    offset,
    limit,
  };
  return { status: 200, body: page };
}

/** The caller's token the path names (another account's was answered 404 by the authorization step). */
function ownToken(request: KigoRequest): WalletToken {
  const token = accountOf(request).tokens.find((held) => held.id === request.params.token_id);
  if (!token) throw refuse('KIGO_TOKEN_NOT_FOUND', 'Token not found.');
  return token;
}

/** Stores the changed token in the caller's account and answers with it. */
function commitToken(
  request: KigoRequest,
  token: WalletToken,
  body: unknown = tokenView(token),
): HandlerResponse {
  storeAccounts(request, [withToken(accountOf(request), token)]);
  return { status: 200, body };
}

function requireFlag(token: WalletToken, flag: FlagName, action: string): void {
  if (!token.flags[flag])
    throw refuse('KIGO_ACTION_NOT_ALLOWED', `This token cannot be ${action} (flags.${flag} is false).`);
}

function requireActive(token: WalletToken): void {
  if (token.status === 'redeemed')
    throw refuse('KIGO_TOKEN_ALREADY_REDEEMED', 'This token has been redeemed already.');
  if (token.status === 'pending_share')
    throw refuse(
      'KIGO_TOKEN_SHARE_PENDING',
      'This token is shared and waits to be claimed; cancel the share first.',
    );
}

export function getToken(request: KigoRequest): HandlerResponse {
  return { status: 200, body: tokenView(ownToken(request)) };
}

export function revealToken(request: KigoRequest): HandlerResponse {
  const token = ownToken(request);
  requireFlag(token, 'is_revealable', 'revealed');
  if (token.revealed) throw refuse('KIGO_TOKEN_ALREADY_REVEALED', 'This token has been revealed already.');
  const childTokens = token.childTokens.map((child) => ({ ...child, code: newGiftCardCode() }));
  return commitToken(request, { ...token, revealed: true, childTokens });
}

export function redeemToken(request: KigoRequest): HandlerResponse {
  const token = ownToken(request);
  requireFlag(token, 'is_redeemable', 'redeemed');
  requireActive(token);
  const redemption = { redeemedAt: request.now.toISOString(), code: newRedemptionCode() };
  return commitToken(request, { ...token, status: 'redeemed', redemption });
}

export function shareToken(request: KigoRequest): HandlerResponse {
  const token = ownToken(request);
  requireFlag(token, 'is_shareable', 'shared');
  requireActive(token);
  const share = { claimCode: newClaimCode(), sharedAt: request.now.toISOString() };
  const shared: WalletToken = { ...token, status: 'pending_share', share };
  return commitToken(request, shared, { claim_code: share.claimCode, token: tokenView(shared) });
}

export function cancelTokenShare(request: KigoRequest): HandlerResponse {
  const token = ownToken(request);
  if (token.status !== 'pending_share')
    throw refuse('KIGO_TOKEN_NOT_SHARED', 'This token has no pending share.');
  return commitToken(request, { ...token, status: 'active', share: null });
}

export function hideToken(request: KigoRequest): HandlerResponse {
  const token = ownToken(request);
  requireFlag(token, 'is_hideable', 'hidden');
  return commitToken(request, { ...token, hidden: true });
}

/** The pending share a code stands for, among the caller's partner's accounts only. */
function pendingShare(request: KigoRequest, claimCode: string) {
  const found = shareOf(request.state, claimCode);
  if (!found || found.account.partnerId !== callerOf(request).partner)
    throw refuse('KIGO_CLAIM_CODE_INVALID', 'This claim code is not valid.');
  return found;
}

export function getTokenByClaimCode(request: KigoRequest): HandlerResponse {
  const claimCode = request.query.claim_code as string;
  const { token } = pendingShare(request, claimCode);
  return {
    status: 200,
    body: { claim_code: claimCode, token: galleryView(token) } satisfies Schemas['ClaimPreview'],
  };
}

/** `POST /api/v1/tokens/claim`: the shared token moves from the sender's wallet into the caller's. */
export function claimToken(request: KigoRequest): HandlerResponse {
  const { claim_code } = request.body as Schemas['ClaimRequest'];
  const { account: sender, token } = pendingShare(request, claim_code);
  const recipient = accountOf(request);
  if (sender.id === recipient.id)
    throw refuse('KIGO_CLAIM_OWN_TOKEN', 'You cannot claim a token you shared; cancel the share instead.');
  const claimed: WalletToken = {
    ...token,
    status: 'active',
    share: null,
    hidden: false,
    acquiredAtMs: request.now.getTime(),
  };
  storeAccounts(request, [
    { ...sender, tokens: sender.tokens.filter((held) => held.id !== token.id) },
    { ...recipient, tokens: [...recipient.tokens, claimed] },
  ]);
  return { status: 200, body: tokenView(claimed) };
}
