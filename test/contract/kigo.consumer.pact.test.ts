/**
 * Consumer side of the Kigo contract, written as an integrator would write it: the session client and the typed
 * client (`createKigoClient`) talk to Pact's mock server. The interactions (partner token, account token,
 * refresh, a wallet call, the expiry error) are written to
 * `contracts/partner-sandbox-example-integrator-kigo.json`, which `pact-verifier.test.ts` verifies
 * against the Kigo mock. Tokens are matched by type: they are opaque, and those a state issues are injected.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import createClient from 'openapi-fetch';
import { createKigoClient } from '../../src/kigo/client';
import { KigoPartnerSession, type TokenSource } from '../../src/kigo/session';
import type { paths } from '../../src/kigo/types';
import { consumerPact } from '../helpers/pact-consumer';

const { boolean, eachLike, fromProviderState, integer, like, regex } = MatchersV3;

const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const EXAMPLE_TOKEN = 'Pq7Xb2LmN4vR9sT1uW3yZ5aC8dE0fG6hJ2kM4nP7qS9tV1wX';
const EXAMPLE_REFRESH = 'rQ1sR3tS5uT7vU9wV1xW3yX5zY7aZ9bA1cB3dC5eD7fE9gF1';
const ACCOUNT_ID = '9b2f6c1e-4d3a-4f5b-8e7d-2c1b0a9f8e7d';

/** A token the contract's state issued: the test's client sends the example. */
const staticToken = (token: string): TokenSource => ({
  token: async () => token,
  renew: async () => {
    throw new Error('this contract test expects no renewal');
  },
});
const bearer = (expression: string) =>
  fromProviderState(`Bearer \${${expression}}`, `Bearer ${EXAMPLE_TOKEN}`);

const accountSession = {
  token: like(EXAMPLE_TOKEN),
  refresh_token: like(EXAMPLE_REFRESH),
  account_id: regex(UUID, ACCOUNT_ID),
};

describe('Kigo consumer contract (partner-sandbox-example-integrator)', () => {
  const { pact, recorded, expectContractCommitted } = consumerPact('kigo');

  it('obtains a partner token with the API key and partner id', async () => {
    await pact
      .addInteraction()
      .uponReceiving('a partner session request with the API key and partner id')
      .withRequest('POST', '/api/v1/auth/sessions', (request) =>
        request.jsonBody({ api_key: like('kigo_test_api_key'), partner_id: like('kigo-test-partner') }),
      )
      .willRespondWith(200, (response) => response.jsonBody({ token: like(EXAMPLE_TOKEN) }))
      .executeTest(
        recorded(async (mockServer) => {
          const session = new KigoPartnerSession({
            baseUrl: mockServer.url,
            apiKey: 'kigo_test_api_key',
            partnerId: 'kigo-test-partner',
          });
          expect(await session.token()).toBe(EXAMPLE_TOKEN);
        }),
      );
  });

  it('creates an account session with the partner token', async () => {
    const body = {
      external_program_id: 'program-001',
      external_user_id: 'user-42',
      user_email: 'ada@example.com',
    };
    await pact
      .addInteraction()
      .given('a partner token exists')
      .uponReceiving('an account session request with the partner token')
      .withRequest('POST', '/api/v1/auth/sessions/accounts', (request) =>
        request.headers({ authorization: bearer('token') }).jsonBody(body),
      )
      .willRespondWith(200, (response) => response.jsonBody(accountSession))
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKigoClient({ baseUrl: mockServer.url, session: staticToken(EXAMPLE_TOKEN) });
          const { data } = await client.POST('/api/v1/auth/sessions/accounts', { body });
          expect(data).toEqual({
            token: EXAMPLE_TOKEN,
            refresh_token: EXAMPLE_REFRESH,
            account_id: ACCOUNT_ID,
          });
        }),
      );
  });

  it('refreshes the account session', async () => {
    await pact
      .addInteraction()
      .given('an account session exists')
      .uponReceiving('a refresh with the refresh token')
      .withRequest('POST', '/api/v1/auth/sessions/accounts/refresh', (request) =>
        request.jsonBody({ refresh_token: fromProviderState('${refresh_token}', EXAMPLE_REFRESH) }),
      )
      .willRespondWith(200, (response) => response.jsonBody(accountSession))
      .executeTest(
        recorded(async (mockServer) => {
          const { data } = await createClient<paths>({ baseUrl: mockServer.url }).POST(
            '/api/v1/auth/sessions/accounts/refresh',
            { body: { refresh_token: EXAMPLE_REFRESH } },
          );
          expect(data?.account_id).toBe(ACCOUNT_ID);
        }),
      );
  });

  it('reads a page of the wallet gallery with the account token', async () => {
    await pact
      .addInteraction()
      .given('an account session exists')
      .uponReceiving('a gallery page request with the account token')
      .withRequest('GET', '/api/v1/tokens', (request) =>
        request.query({ limit: '2' }).headers({ authorization: bearer('token') }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          tokens: eachLike({
            id: regex(UUID, '5c0d6b1a-2f3e-4a5b-9c8d-7e6f5a4b3c2d'),
            name: like('10% off at Blue Bottle'),
            status: regex('^(active|pending_share|redeemed)$', 'active'),
            flags: { is_revealable: boolean(false), is_shareable: boolean(true) },
          }),
          total_count: integer(3),
          offset: 0,
          limit: 2,
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKigoClient({ baseUrl: mockServer.url, session: staticToken(EXAMPLE_TOKEN) });
          const { data } = await client.GET('/api/v1/tokens', { params: { query: { limit: 2 } } });
          expect(data?.tokens[0]?.flags.is_shareable).toBe(true);
          expect(data?.limit).toBe(2);
        }),
      );
  });

  it('gets the authentication error for an expired partner token', async () => {
    await pact
      .addInteraction()
      .given('an expired partner token exists')
      .uponReceiving('an SSO session request with an expired partner token')
      .withRequest('POST', '/api/v1/accounts/sso-sessions', (request) =>
        request.headers({ authorization: bearer('token') }).jsonBody({ external_user_id: 'user-42' }),
      )
      .willRespondWith(401, (response) =>
        response.jsonBody({ error: 'unauthorized', message: like('The session token has expired.') }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          // Without the session client: the integrator's own handling of the error is what is recorded.
          const client = createClient<paths>({
            baseUrl: mockServer.url,
            headers: { authorization: `Bearer ${EXAMPLE_TOKEN}` },
          });
          const { error, response } = await client.POST('/api/v1/accounts/sso-sessions', {
            body: { external_user_id: 'user-42' },
          });
          expect(response.status).toBe(401);
          expect(error).toMatchObject({ error: 'unauthorized' });
        }),
      );
  });

  it('writes the contract that is committed in contracts/', () => {
    expect(expectContractCommitted().interactions).toHaveLength(5);
  });
});
