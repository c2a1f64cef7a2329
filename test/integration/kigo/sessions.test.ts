/**
 * Kigo's session tokens over real HTTP: partner tokens from the API key and partner id, account sessions (both
 * body variants), refresh, SSO sessions and their exchange; every authentication refusal with its own code,
 * lifetimes on the moved sandbox clock, revocation of the API key, and nothing stored on refused input.
 */
import {
  API_KEY,
  OTHER_PARTNER,
  PARTNER_ID,
  expectRejected,
  journal,
  revokeKey,
  setClock,
  useKigoSandbox,
} from '../../helpers/kigo';

const SESSIONS = '/api/v1/auth/sessions';
const ACCOUNTS = '/api/v1/auth/sessions/accounts';
const REFRESH = '/api/v1/auth/sessions/accounts/refresh';
const SSO = '/api/v1/accounts/sso-sessions';
const SSO_EXCHANGE = '/sso/sessions/api/accounts';
const PROFILE = '/api/v1/accounts/profile';
const ACCOUNT_BODY = {
  external_program_id: 'program-001',
  external_user_id: 'user-42',
  user_email: 'ada@example.com',
};

describe('Kigo sessions', () => {
  const kigo = useKigoSandbox();
  const { call } = kigo;
  const freeze = () => setClock(kigo.k.url, { now: '2030-05-01T12:00:00Z' });
  const advance = (seconds: number) => setClock(kigo.k.url, { advanceSeconds: seconds });

  describe('partner tokens', () => {
    it('are opaque, distinct and work on partner-level operations', async () => {
      const [first, second] = [await kigo.partnerToken(), await kigo.partnerToken()];
      expect(first).toMatch(/^[A-Za-z0-9]{48}$/);
      expect(first).not.toBe(second);
      expect(first).not.toContain(API_KEY);
      expect((await call('POST', ACCOUNTS, { token: first, body: ACCOUNT_BODY })).status).toBe(200);
    });

    it('live exactly partnerTokenTtlSeconds (1800) on the sandbox clock', async () => {
      await freeze();
      const token = await kigo.partnerToken();
      await advance(1799);
      expect((await call('POST', ACCOUNTS, { token, body: ACCOUNT_BODY })).status).toBe(200);
      await advance(1);
      const expired = await expectRejected(
        await call('POST', ACCOUNTS, { token, body: ACCOUNT_BODY }),
        401,
        'KIGO_TOKEN_EXPIRED',
      );
      expect(expired).toEqual({ error: 'unauthorized', message: 'The session token has expired.' });
    });

    it('refuse a wrong API key and a wrong partner id, each with its own code, storing nothing', async () => {
      const wrongKey = await call('POST', SESSIONS, {
        body: { api_key: 'nope_nope_nope', partner_id: PARTNER_ID },
      });
      await expectRejected(wrongKey, 401, 'KIGO_API_KEY_WRONG');
      const wrongPartner = await call('POST', SESSIONS, {
        body: { api_key: API_KEY, partner_id: OTHER_PARTNER.partnerId },
      });
      const body = await expectRejected(wrongPartner, 401, 'KIGO_PARTNER_ID_WRONG');
      expect(JSON.stringify(body)).not.toContain(API_KEY);
      expect(await kigo.k.sandbox.readState((state) => state.tokens.size)).toBe(0);
    });

    it('refuse bad bodies without a 5xx and without storing anything', async () => {
      const missing = await expectRejected(
        await call('POST', SESSIONS, { body: { api_key: API_KEY } }),
        422,
        'KIGO_BODY_INVALID',
      );
      expect(missing.details).toEqual(["partner_id: must have required property 'partner_id'"]);
      const extra = { api_key: API_KEY, partner_id: PARTNER_ID, scope: 'all' };
      await expectRejected(await call('POST', SESSIONS, { body: extra }), 422, 'KIGO_BODY_INVALID');
      const broken = await call('POST', SESSIONS, {
        headers: { 'content-type': 'application/json' },
        body: undefined,
      });
      expect(broken.status).toBeLessThan(500);
      const malformed = await fetch(`${kigo.k.url}${SESSIONS}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"api_key": ',
      });
      await expectRejected(malformed, 400, 'KIGO_MALFORMED_JSON');
      expect(await kigo.k.sandbox.readState((state) => state.tokens.size)).toBe(0);
    });
  });

  describe('bearer tokens', () => {
    it('tell a missing, malformed, unknown token apart', async () => {
      await expectRejected(await call('POST', ACCOUNTS, { body: ACCOUNT_BODY }), 401, 'KIGO_TOKEN_MISSING');
      const basic = await call('POST', ACCOUNTS, {
        body: ACCOUNT_BODY,
        headers: { authorization: 'Bearer a b' },
      });
      await expectRejected(basic, 401, 'KIGO_TOKEN_MALFORMED');
      for (const authorization of ['Basic dXNlcjpwYXNz', 'kigo_session_token_without_scheme']) {
        const otherScheme = await call('POST', ACCOUNTS, { body: ACCOUNT_BODY, headers: { authorization } });
        await expectRejected(otherScheme, 401, 'KIGO_TOKEN_MALFORMED');
      }
      await expectRejected(
        await call('POST', ACCOUNTS, { token: 'short', body: ACCOUNT_BODY }),
        401,
        'KIGO_TOKEN_MALFORMED',
      );
      await expectRejected(
        await call('POST', ACCOUNTS, { token: 'A'.repeat(48), body: ACCOUNT_BODY }),
        401,
        'KIGO_TOKEN_UNKNOWN',
      );
    });

    it('refuse the wrong kind of token: account on partner, partner on account, refresh as access', async () => {
      const partner = await kigo.partnerToken();
      const session = await kigo.accountSession();
      await expectRejected(
        await call('POST', ACCOUNTS, { token: session.token, body: ACCOUNT_BODY }),
        401,
        'KIGO_PARTNER_TOKEN_REQUIRED',
      );
      await expectRejected(
        await call('GET', PROFILE, { token: partner }),
        401,
        'KIGO_ACCOUNT_TOKEN_REQUIRED',
      );
      await expectRejected(
        await call('GET', PROFILE, { token: session.refresh_token }),
        401,
        'KIGO_REFRESH_TOKEN_AS_ACCESS',
      );
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: session.token } }),
        401,
        'KIGO_ACCESS_TOKEN_AS_REFRESH',
      );
    });

    it('die with their API key: revoking it refuses the tokens issued with it from the next request', async () => {
      const partner = await kigo.partnerToken();
      const session = await kigo.accountSession();
      const other = await kigo.partnerToken(OTHER_PARTNER);
      await revokeKey(kigo.k.url, API_KEY);
      await expectRejected(
        await call('POST', SSO, { token: partner, body: { external_user_id: 'u' } }),
        401,
        'KIGO_KEY_REVOKED',
      );
      await expectRejected(await call('GET', PROFILE, { token: session.token }), 401, 'KIGO_KEY_REVOKED');
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: session.refresh_token } }),
        401,
        'KIGO_KEY_REVOKED',
      );
      await expectRejected(
        await call('POST', SESSIONS, { body: { api_key: API_KEY, partner_id: PARTNER_ID } }),
        401,
        'KIGO_KEY_REVOKED',
      );
      expect((await call('POST', SSO, { token: other, body: { external_user_id: 'u' } })).status).toBe(200);
    });
  });

  describe('account sessions', () => {
    it('take both body variants, and find the same account by brand identifier or program id', async () => {
      const token = await kigo.partnerToken();
      const byProgram = await call('POST', ACCOUNTS, { token, body: ACCOUNT_BODY });
      const byBrand = await call('POST', ACCOUNTS, {
        token,
        body: { brand_identifier: 'program-001', external_user_id: 'user-42', user_email: 'ada@example.com' },
      });
      const [a, b] = [await byProgram.json(), await byBrand.json()] as {
        account_id: string;
        token: string;
      }[];
      expect(a?.account_id).toBe(b?.account_id);
      expect(a?.token).not.toBe(b?.token);
      const both = { ...ACCOUNT_BODY, brand_identifier: 'program-001' };
      await expectRejected(await call('POST', ACCOUNTS, { token, body: both }), 422, 'KIGO_BODY_INVALID');
    });

    it('issue access tokens living userTokenTtlSeconds and refresh tokens living refreshTokenTtlSeconds', async () => {
      await freeze();
      const session = await kigo.accountSession();
      await advance(3599);
      expect((await call('GET', PROFILE, { token: session.token })).status).toBe(200);
      await advance(1);
      await expectRejected(await call('GET', PROFILE, { token: session.token }), 401, 'KIGO_TOKEN_EXPIRED');
      const refreshed = await call('POST', REFRESH, { body: { refresh_token: session.refresh_token } });
      expect(refreshed.status).toBe(200);
      const next = (await refreshed.json()) as { token: string; refresh_token: string; account_id: string };
      expect(next.account_id).toBe(session.account_id);
      expect((await call('GET', PROFILE, { token: next.token })).status).toBe(200);
      await advance(365 * 86_400);
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: next.refresh_token } }),
        401,
        'KIGO_TOKEN_EXPIRED',
      );
    });

    it('rotate on refresh: the old pair is revoked', async () => {
      const session = await kigo.accountSession();
      expect((await call('POST', REFRESH, { body: { refresh_token: session.refresh_token } })).status).toBe(
        200,
      );
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: session.refresh_token } }),
        401,
        'KIGO_TOKEN_REVOKED',
      );
      await expectRejected(await call('GET', PROFILE, { token: session.token }), 401, 'KIGO_TOKEN_REVOKED');
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: 'x'.repeat(12) } }),
        401,
        'KIGO_TOKEN_MALFORMED',
      );
      await expectRejected(
        await call('POST', REFRESH, { body: { refresh_token: 'B'.repeat(48) } }),
        401,
        'KIGO_TOKEN_UNKNOWN',
      );
    });
  });

  describe('SSO sessions', () => {
    const createSso = async (body: Record<string, unknown>, token?: string) => {
      const response = await call('POST', SSO, { token: token ?? (await kigo.partnerToken()), body });
      expect(response.status).toBe(200);
      return ((await response.json()) as { session_id: string }).session_id;
    };
    const exchange = (sessionId: string) => call('PATCH', SSO_EXCHANGE, { body: { session_id: sessionId } });

    it('create the account when it does not exist, and exchange for its tokens', async () => {
      const sessionId = await createSso({
        external_user_id: 'new-user',
        external_program_id: 'program-001',
        email: 'n@example.com',
      });
      const answer = await exchange(sessionId);
      expect(answer.status).toBe(200);
      const tokens = (await answer.json()) as Record<string, string>;
      const profile = await call('GET', PROFILE, { token: tokens.account_space_api_session_token });
      expect(await profile.json()).toMatchObject({
        external_user_id: 'new-user',
        email: 'n@example.com',
        account_id: tokens.account_id,
      });
      const refreshed = await call('POST', REFRESH, {
        body: { refresh_token: tokens.account_space_api_refresh_token },
      });
      expect(refreshed.status).toBe(200);
      // Not single use: exchanged again.
      expect((await exchange(sessionId)).status).toBe(200);
    });

    it('work once when single use, and 30 minutes at most', async () => {
      await freeze();
      const single = await createSso({ external_user_id: 'user-42', single_use: true });
      expect((await exchange(single)).status).toBe(200);
      await expectRejected(await exchange(single), 401, 'KIGO_SSO_SESSION_USED');
      const reusable = await createSso({ external_user_id: 'user-42' });
      await advance(1799);
      expect((await exchange(reusable)).status).toBe(200);
      await advance(1);
      await expectRejected(await exchange(reusable), 401, 'KIGO_SSO_SESSION_EXPIRED');
      await expectRejected(
        await exchange('3f1e2d4c-5b6a-4978-8a1b-2c3d4e5f6a7b'),
        401,
        'KIGO_SSO_SESSION_UNKNOWN',
      );
    });

    it('die with their API key', async () => {
      const sessionId = await createSso({ external_user_id: 'user-42' });
      await revokeKey(kigo.k.url, API_KEY);
      await expectRejected(await exchange(sessionId), 401, 'KIGO_KEY_REVOKED');
    });
  });

  it('keeps every token, key and session id out of the journal', async () => {
    const session = await kigo.accountSession();
    await call('POST', REFRESH, { body: { refresh_token: session.refresh_token } });
    const sso = await call('POST', SSO, {
      token: await kigo.partnerToken(),
      body: { external_user_id: 'u' },
    });
    const { session_id } = (await sso.json()) as { session_id: string };
    const shown = JSON.stringify(await journal(kigo.k.url));
    for (const secret of [API_KEY, session.token, session.refresh_token, session_id])
      expect(shown).not.toContain(secret);
    expect(shown).toContain(PARTNER_ID);
  });
});

describe('Kigo sessions with the guide’s 30-minute user tokens', () => {
  const kigo = useKigoSandbox({ userTokenTtlSeconds: 1800, refreshTokenTtlSeconds: 3600 });

  it('follow the configured lifetimes', async () => {
    await setClock(kigo.k.url, { now: '2030-05-01T12:00:00Z' });
    const session = await kigo.accountSession();
    await setClock(kigo.k.url, { advanceSeconds: 1800 });
    await expectRejected(
      await kigo.call('GET', PROFILE, { token: session.token }),
      401,
      'KIGO_TOKEN_EXPIRED',
    );
    await setClock(kigo.k.url, { advanceSeconds: 1800 });
    const refresh = await kigo.call('POST', REFRESH, { body: { refresh_token: session.refresh_token } });
    await expectRejected(refresh, 401, 'KIGO_TOKEN_EXPIRED');
  });
});
