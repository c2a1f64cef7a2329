/**
 * The Kigo session client against the mock: the partner token obtained, renewed before it expires and on the
 * authentication error (once, shared by concurrent calls), and a revoked key failing clearly instead of looping.
 */
import { createKigoClient } from '../../../src/kigo/client';
import { KigoAuthenticationError } from '../../../src/kigo/errors';
import { KigoAccountSession, KigoPartnerSession } from '../../../src/kigo/session';
import { API_KEY, PARTNER_ID, journal, revokeKey, setClock, useKigoSandbox } from '../../helpers/kigo';

const SSO_BODY = { external_user_id: 'user-42', external_program_id: 'program-001' };

describe('Kigo session client', () => {
  const kigo = useKigoSandbox();
  const sessionOf = (options: { tokenLifetimeSeconds?: number } = {}) =>
    new KigoPartnerSession({
      baseUrl: kigo.k.url,
      apiKey: API_KEY,
      partnerId: PARTNER_ID,
      now: () => kigo.k.sandbox.clock.now(),
      ...options,
    });
  const clientOf = (session: KigoPartnerSession | KigoAccountSession) =>
    createKigoClient({ baseUrl: kigo.k.url, session });
  const createSso = (session: KigoPartnerSession) =>
    clientOf(session).POST('/api/v1/accounts/sso-sessions', { body: SSO_BODY });
  const answered = async (operationId: string) =>
    (await journal(kigo.k.url))
      .filter((entry) => entry.operationId === operationId)
      .map((entry) => `${entry.status} ${entry.reason ?? '-'}`);

  beforeEach(() => setClock(kigo.k.url, { now: '2030-05-01T12:00:00Z' }));

  it('renews the partner token before it expires, on the sandbox clock', async () => {
    const session = sessionOf();
    expect((await createSso(session)).response.status).toBe(200);
    await setClock(kigo.k.url, { advanceSeconds: 31 * 60 });
    const { data, response } = await createSso(session);
    expect(response.status).toBe(200);
    expect(data?.session_id).toEqual(expect.any(String));
    expect(session.renewals).toBe(2);
    expect(await answered('createSsoSession')).toEqual(['200 -', '200 -']);
  });

  it('renews once and retries when Kigo answers the expiry error', async () => {
    // A client that believes tokens live a day: only Kigo's refusal tells it otherwise.
    const session = sessionOf({ tokenLifetimeSeconds: 86_400 });
    await createSso(session);
    await setClock(kigo.k.url, { advanceSeconds: 30 * 60 });
    expect((await createSso(session)).response.status).toBe(200);
    expect(session.renewals).toBe(2);
    expect(await answered('createSsoSession')).toEqual(['200 -', '401 KIGO_TOKEN_EXPIRED', '200 -']);
  });

  it('shares one renewal among concurrent calls', async () => {
    const session = sessionOf({ tokenLifetimeSeconds: 86_400 });
    const first = await Promise.all(Array.from({ length: 5 }, () => createSso(session)));
    expect(first.map(({ response }) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(session.renewals).toBe(1);
    await setClock(kigo.k.url, { advanceSeconds: 30 * 60 });
    const second = await Promise.all(Array.from({ length: 5 }, () => createSso(session)));
    expect(second.map(({ response }) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(session.renewals).toBe(2);
    expect(await answered('createPartnerSession')).toEqual(['200 -', '200 -']);
  });

  it('fails clearly on a revoked key instead of looping', async () => {
    const session = sessionOf();
    await createSso(session);
    await revokeKey(kigo.k.url, API_KEY);
    const failure = createSso(session);
    await expect(failure).rejects.toBeInstanceOf(KigoAuthenticationError);
    await expect(failure).rejects.toMatchObject({ status: 401, reason: 'KIGO_KEY_REVOKED' });
    await expect(failure).rejects.toThrow(/refused the partner session: 401 KIGO_KEY_REVOKED/);
    expect(await answered('createPartnerSession')).toEqual(['200 -', '401 KIGO_KEY_REVOKED']);
    expect(await answered('createSsoSession')).toEqual(['200 -', '401 KIGO_KEY_REVOKED']);
  });

  it('refreshes an account session when its access token is refused, once for concurrent calls', async () => {
    const tokens = await kigo.accountSession();
    const session = new KigoAccountSession({
      baseUrl: kigo.k.url,
      token: tokens.token,
      refreshToken: tokens.refresh_token,
    });
    const client = clientOf(session);
    expect(
      (await client.GET('/api/v1/tokens', { params: { query: { limit: 2 } } })).data?.tokens,
    ).toHaveLength(2);
    await setClock(kigo.k.url, { advanceSeconds: 3600 });
    const pages = await Promise.all([client.GET('/api/v1/tokens'), client.GET('/api/v1/accounts/profile')]);
    expect(pages.map(({ response }) => response.status)).toEqual([200, 200]);
    expect(session.renewals).toBe(1);
    expect(await answered('refreshAccountSession')).toEqual(['200 -']);
  });

  it('fails clearly when the refresh token is refused', async () => {
    const tokens = await kigo.accountSession();
    const session = new KigoAccountSession({
      baseUrl: kigo.k.url,
      token: tokens.token,
      refreshToken: 'C'.repeat(48),
    });
    await setClock(kigo.k.url, { advanceSeconds: 3600 });
    await expect(clientOf(session).GET('/api/v1/accounts/stage')).rejects.toMatchObject({
      name: 'KigoAuthenticationError',
      reason: 'KIGO_TOKEN_UNKNOWN',
    });
  });
});
