/**
 * Kigo with its state in a shared store, as several processes run it: two sandboxes ("processes") over one
 * store, a MemoryStateStore and then a redis-server of the test's own (never the machine's 6379). Sessions,
 * accounts and shares made through one are used through the other; each main operation's journal entry shows
 * what its state work cost (round trips to the store, runs repeated for entries not loaded).
 */
import { kigoProvider } from '../../../mocks/kigo/provider';
import type { KigoState } from '../../../mocks/kigo/state';
import type { Settings } from '../../../mocks/runtime/provider';
import type { StateStore } from '../../../mocks/runtime/state/store';
import {
  API_KEY,
  OTHER_PARTNER,
  PARTNER_ID,
  expectRejected,
  kigoFetch,
  type AccountSession,
  type CallOptions,
} from '../../helpers/kigo';
import {
  expectAnswered,
  journal,
  providerState,
  startTestSandbox,
  type RunningTestSandbox,
} from '../../helpers/sandbox';
import { closeTestStateStores } from '../../helpers/test-state-store';
import { sharedStoreKinds, twoClients } from '../../helpers/two-processes';

interface Process {
  readonly k: RunningTestSandbox<KigoState>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
}

async function startProcess(stateStore: StateStore, settings: Partial<Settings> = {}): Promise<Process> {
  const k = await startTestSandbox(kigoProvider, {
    settings: { otherPartners: [OTHER_PARTNER], ...settings },
    stateStore,
  });
  return { k, call: (method, path, options) => kigoFetch(k.url, method, path, options) };
}

const partnerToken = async (process: Process) =>
  (
    await expectAnswered<{ token: string }>(
      process.call('POST', '/api/v1/auth/sessions', { body: { api_key: API_KEY, partner_id: PARTNER_ID } }),
    )
  ).token;

const accountSession = async (process: Process, partner: string, user: string) =>
  expectAnswered<AccountSession>(
    process.call('POST', '/api/v1/auth/sessions/accounts', {
      token: partner,
      body: { external_program_id: 'program-001', external_user_id: user, user_email: 'ada@example.com' },
    }),
  );

const shareable = async (process: Process, session: AccountSession) => {
  const gallery = await expectAnswered<{ tokens: { id: string }[] }>(
    process.call('GET', '/api/v1/tokens?flag=is_shareable', { token: session.token }),
  );
  return (gallery.tokens[0] as { id: string }).id;
};

afterAll(closeTestStateStores);

describe.each(sharedStoreKinds('kigo'))('Kigo on %s shared by two processes', (_kind, connect) => {
  let stores: StateStore[];
  let a: Process;
  let b: Process;

  beforeAll(async () => {
    const { first, second, stores: clients } = await twoClients(connect);
    stores = clients;
    a = await startProcess(first);
    b = await startProcess(second);
  });
  afterAll(async () => {
    for (const process of [a, b]) {
      process.k.sandbox.close();
      await process.k.server.close();
    }
    await Promise.all(stores.map((store) => store.close()));
  });
  beforeEach(async () => {
    a.k.sandbox.reset();
    // A reset clears the store namespace before the process's next request, which this read is.
    expect(await a.k.sandbox.readState((state) => state.accounts.size)).toBe(0);
  });

  it('authenticates through B what A issued, and claims through B what A shared', async () => {
    const sender = await accountSession(b, await partnerToken(a), 'sender');
    const recipient = await accountSession(a, await partnerToken(b), 'recipient');
    const coupon = await shareable(a, sender);
    const { claim_code } = await expectAnswered<{ claim_code: string }>(
      a.call('POST', `/api/v1/tokens/${coupon}/share`, { token: sender.token }),
    );
    const claimed = await expectAnswered<{ id: string }>(
      b.call('POST', '/api/v1/tokens/claim', { token: recipient.token, body: { claim_code } }),
    );
    expect(claimed.id).toBe(coupon);
    // The token moved: its old owner no longer sees it, through either process, nor can the code be used again.
    await expectRejected(
      await a.call('GET', `/api/v1/tokens/${coupon}`, { token: sender.token }),
      404,
      'KIGO_OBJECT_OF_ANOTHER_ACCOUNT',
    );
    await expectRejected(
      await b.call('POST', '/api/v1/tokens/claim', { token: recipient.token, body: { claim_code } }),
      404,
      'KIGO_CLAIM_CODE_INVALID',
    );
    // A refresh through A revokes the pair B authenticates.
    await expectAnswered(
      a.call('POST', '/api/v1/auth/sessions/accounts/refresh', {
        body: { refresh_token: sender.refresh_token },
      }),
    );
    await expectRejected(
      await b.call('GET', '/api/v1/accounts/profile', { token: sender.token }),
      401,
      'KIGO_TOKEN_REVOKED',
    );
  });

  it('sets a provider state up through A whose account session B accepts; an expired partner token stays expired', async () => {
    const made = (await providerState(a.k.url, 'an account session exists', {
      external_user_id: 'from-a-state',
    })) as unknown as AccountSession;
    const profile = await expectAnswered<{ external_user_id: string }>(
      b.call('GET', '/api/v1/accounts/profile', { token: made.token }),
    );
    expect(profile.external_user_id).toBe('from-a-state');
    const { token } = (await providerState(b.k.url, 'an expired partner token exists')) as { token: string };
    await expectRejected(
      await a.call('GET', '/api/v1/accounts/lookup?external_user_id=x', { token }),
      401,
      'KIGO_TOKEN_EXPIRED',
    );
  });

  it('forgets the oldest accounts past maxStateBytes: their tokens and the index entries left behind read as unknown', async () => {
    const small = await startProcess(stores[0] as StateStore, { maxStateBytes: 1024 * 1024 });
    try {
      const partner = await partnerToken(small);
      const first = await accountSession(small, partner, 'user-0');
      const coupon = await shareable(small, first);
      // A quarter of 1 MiB for accounts: some 130 of about 2 KB of JSON each.
      for (let index = 1; index <= 150; index += 1) await accountSession(small, partner, `user-${index}`);
      const last = await accountSession(small, partner, 'user-last');
      const lookup = '/api/v1/accounts/lookup?external_user_id=user-0&external_program_id=program-001';
      await expectRejected(
        await small.call('GET', lookup, { token: partner }),
        404,
        'KIGO_ACCOUNT_NOT_FOUND',
      );
      await expectRejected(
        await small.call('GET', '/api/v1/accounts/profile', { token: first.token }),
        401,
        'KIGO_TOKEN_UNKNOWN',
      );
      await expectRejected(
        await small.call('GET', `/api/v1/tokens/${coupon}`, { token: last.token }),
        404,
        'KIGO_TOKEN_NOT_FOUND',
      );
      // The index entries are still there (their maps' budgets are not reached): checked against the account.
      const left = await small.k.sandbox.readState((state) => [
        state.accounts.has(first.account_id),
        state.tokenOwners.get(coupon),
      ]);
      expect(left).toEqual([false, first.account_id]);
    } finally {
      small.k.sandbox.close();
      await small.k.server.close();
    }
  });

  it("runs Kigo's bearer-token operations with one re-run, lookups by body values one more per step: journal entries show it", async () => {
    const partner = await partnerToken(a);
    const sender = await accountSession(a, partner, 'sender');
    const recipient = await accountSession(a, partner, 'recipient');
    const profile = '/api/v1/accounts/profile';
    await expectAnswered(a.call('GET', profile, { token: sender.token }));
    await expectAnswered(a.call('PATCH', profile, { token: sender.token, body: { first_name: 'Ada' } }));
    await expectAnswered(a.call('GET', '/api/v1/accounts/stage', { token: sender.token }));
    await expectAnswered(
      a.call('PATCH', '/api/v1/accounts/stage', { token: sender.token, body: { stage: 'active' } }),
    );
    await expectAnswered(
      a.call('GET', '/api/v1/accounts/lookup?external_user_id=sender&external_program_id=program-001', {
        token: partner,
      }),
    );
    await expectAnswered(
      a.call('GET', '/api/v1/accounts/lookup?external_user_id=sender', { token: partner }),
    );
    const coupon = await shareable(a, sender);
    await expectAnswered(a.call('GET', `/api/v1/tokens/${coupon}`, { token: sender.token }));
    const { claim_code } = await expectAnswered<{ claim_code: string }>(
      a.call('POST', `/api/v1/tokens/${coupon}/share`, { token: sender.token }),
    );
    await expectAnswered(
      a.call('GET', `/api/v1/tokens/claim?claim_code=${claim_code}`, { token: recipient.token }),
    );
    await expectAnswered(
      a.call('POST', '/api/v1/tokens/claim', { token: recipient.token, body: { claim_code } }),
    );
    await expectAnswered(a.call('POST', `/api/v1/tokens/${coupon}/redeem`, { token: recipient.token }));
    await expectAnswered(a.call('POST', `/api/v1/tokens/${coupon}/hide`, { token: recipient.token }));
    const sso = await expectAnswered<{ session_id: string }>(
      a.call('POST', '/api/v1/accounts/sso-sessions', {
        token: partner,
        body: { external_user_id: 'sender', external_program_id: 'program-001', email: 'a@example.com' },
      }),
    );
    await expectAnswered(
      a.call('PATCH', '/sso/sessions/api/accounts', { body: { session_id: sso.session_id } }),
    );
    await expectAnswered(
      a.call('POST', '/api/v1/auth/sessions/accounts/refresh', {
        body: { refresh_token: sender.refresh_token },
      }),
    );
    const entries = await journal(a.k.url, '?limit=19');
    const cost = (roundTrips: number, reruns: number) => ({ roundTrips, reruns, attempts: 1 });
    // Each run of a request loads (one round trip) what it knows it needs, and commits once when it writes.
    // Authenticated by a bearer token: the token by its digest with the first load (stateReads), the account
    // it names with a second, one re-run. A lookup by a value of the body (a claim code, a refresh token, an
    // SSO session, external ids) goes on from there, one re-run per step.
    expect(entries.map((entry) => [entry.operationId, entry.checked.sharedState])).toEqual([
      ['createPartnerSession', cost(1, 0)],
      // Its partner token; the new account not found by its external ids.
      ['createAccountSession', cost(3, 1)],
      ['createAccountSession', cost(3, 1)],
      ['getProfile', cost(2, 1)],
      ['updateProfile', cost(3, 1)],
      ['getAccountStage', cost(2, 1)],
      ['updateAccountStage', cost(3, 1)],
      // The partner token, the index entry of the external ids, the account.
      ['lookupAccountByExternalIds', cost(3, 2)],
      // No program named: every account, the whole map.
      ['lookupAccountByExternalIds', cost(2, 1)],
      ['listTokens', cost(2, 1)],
      // The wallet token's owner by its id in the path, with the bearer token's account.
      ['getToken', cost(2, 1)],
      ['shareToken', cost(3, 1)],
      // The claim code in the query: its share, with the bearer token's account.
      ['getTokenByClaimCode', cost(2, 1)],
      // The claim code in the body: its share, then the sender's account.
      ['claimToken', cost(5, 3)],
      ['redeemToken', cost(3, 1)],
      ['hideToken', cost(3, 1)],
      // The partner token, then the external ids of the body, then the account.
      ['createSsoSession', cost(4, 2)],
      // The SSO session of the body, then its account.
      ['exchangeSsoSession', cost(3, 2)],
      // The refresh token of the body, its account, then the access token of its pair.
      ['refreshAccountSession', cost(4, 3)],
    ]);
  });
});
