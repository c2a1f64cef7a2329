import { bearerToken } from '../runtime/credentials/extract';
import type { StateReadsRequest } from '../runtime/provider';
import { ownerOfToken, shareOf } from './accounts';
import { isSessionTokenShaped, tokenDigest } from './ids';
import type { KigoState } from './state';

/**
 * What a request's own values name in the state beyond its path, read before its checks so that a shared
 * store loads it up front (the provider's `stateReads`): the bearer token's record by its digest and the
 * account it names (authentication), the owner of the wallet token its path names (ownership), the share of
 * the claim code its query names (the claim preview).
 */
export function kigoStateReads(request: StateReadsRequest, state: KigoState): void {
  const sent = bearerToken(request.headers);
  const record =
    sent.kind === 'present' && isSessionTokenShaped(sent.token)
      ? state.tokens.get(tokenDigest(sent.token))
      : undefined;
  if (record?.accountId !== undefined) state.accounts.get(record.accountId);
  if (request.params.token_id !== undefined) ownerOfToken(state, request.params.token_id);
  const claimCode = request.query.claim_code;
  if (typeof claimCode === 'string') shareOf(state, claimCode);
}
