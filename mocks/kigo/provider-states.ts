import type { ProviderStateContext, ProviderStateTeardown } from '../runtime/provider';
import type { AnyProviderState } from '../runtime/provider-states';
import { principalOf } from './auth';
import { tokenDigest } from './ids';
import { stateLimits, type IssuedToken, type KigoState } from './state';

/**
 * Named states (Pact's `given`), set up through the same handlers real requests use, as the default
 * partner. Each returns the tokens a contract needs in its requests.
 */
type Context = ProviderStateContext<KigoState>;

async function partnerToken(context: Context): Promise<string> {
  const { apiKey, partnerId } = context.credentials;
  const answer = await context.handle('createPartnerSession', {
    body: { api_key: apiKey, partner_id: partnerId },
  });
  return (answer.body as { token: string }).token;
}

async function accountSession(
  params: Readonly<Record<string, unknown>>,
  context: Context,
): Promise<{ token: string; refresh_token: string; account_id: string }> {
  const partner = await partnerToken(context);
  const record = context.state.tokens.get(tokenDigest(partner)) as IssuedToken;
  const answer = await context.handle('createAccountSession', {
    body: {
      external_program_id:
        typeof params.external_program_id === 'string' ? params.external_program_id : 'program-001',
      external_user_id: typeof params.external_user_id === 'string' ? params.external_user_id : 'user-42',
      user_email: 'ada@example.com',
    },
    principal: { ...principalOf(record), scheme: 'KigoPartnerToken' },
  });
  return answer.body as { token: string; refresh_token: string; account_id: string };
}

/** Teardown: the tokens the setup issued are forgotten (the account itself is the partner's, found again next time). */
const forgetTokens: ProviderStateTeardown<KigoState> = (made, _params, { state }) => {
  for (const field of ['token', 'refresh_token'])
    if (typeof made[field] === 'string') state.tokens.delete(tokenDigest(made[field]));
};

/** Every state issues fresh tokens (a contract takes them through provider-state generators). */
export const kigoProviderStates: Readonly<Record<string, AnyProviderState<KigoState>>> = {
  'a partner token exists': {
    setup: async (_params, context) => ({ token: await partnerToken(context) }),
    teardown: forgetTokens,
  },
  /** A partner token whose 30 minutes are over: issued, then aged past its expiry. */
  'an expired partner token exists': {
    setup: async (_params, context) => {
      const token = await partnerToken(context);
      const digest = tokenDigest(token);
      const record = context.state.tokens.get(digest) as IssuedToken;
      const expired = { ...record, expiresAtMs: context.now.getTime() - 1 };
      context.state.tokens.set(digest, expired, stateLimits(context.settings));
      return { token };
    },
    teardown: forgetTokens,
  },
  /** An account (with its sample wallet) and its access and refresh tokens; `external_user_id` optional. */
  'an account session exists': { setup: accountSession, teardown: forgetTokens },
};
