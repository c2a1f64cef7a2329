/**
 * Consumer side of the KASKO contract, written as an integrator would: the typed client
 * (`createKaskoClient`, which sets the secret key, the media type per route and the public key on quotes)
 * talks to Pact's mock server. The interactions go to `contracts/partner-sandbox-example-integrator-kasko.json`,
 * which `pact-verifier.test.ts` verifies against the KASKO mock. Ids, tokens and versions the provider
 * creates come from its provider states.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { kaskoBasicAuthorization } from '../../src/kasko/auth-headers';
import { createKaskoClient, type KaskoClient } from '../../src/kasko/client';
import { KASKO_V2, KASKO_V3 } from '../../src/kasko/media-types';
import { consumerPact } from '../helpers/pact-consumer';

const { fromProviderState, integer, like, regex, string } = MatchersV3;

// The sandbox's default test keys (`partner-sandbox credentials`).
const SECRET_KEY = 'sk_test_sandboxSecretKey0000000000000001';
const PUBLIC_KEY = 'pk_test_0123456789abcdef0123456789abcdef';
const PRODUCT_KEY = 'ins_97980026870abce8b812668b2d11';

const POLICY_ID = '^tpol_[0-9a-f]{28}$';
const EXAMPLE_POLICY_ID = 'tpol_b1fc636ad446d6cb7144cfb31cae';
const EXAMPLE_TOKEN = '0f5c2b8e9a1d4e7f8a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b0c3d6e9f';

const authorization = kaskoBasicAuthorization(SECRET_KEY);
const jsonHeaders = (accept?: string) => ({
  authorization,
  ...(accept === undefined ? {} : { accept }),
  'content-type': 'application/json',
});

const policyBody = (status: string) => ({
  id: regex(POLICY_ID, EXAMPLE_POLICY_ID),
  livemode: false,
  version_id: integer(2),
  status,
  first_name: string('Ada'),
  last_name: string('Lovelace'),
  email: string('ada@example.com'),
  language: string('en'),
  gross_payment_amount: integer(275000),
  _links: like({ _self: { href: `http://127.0.0.1:4010/policies/${EXAMPLE_POLICY_ID}` } }),
});

const policyPath = fromProviderState('/policies/${policy_id}', `/policies/${EXAMPLE_POLICY_ID}`);
const ifMatch = fromProviderState('${etag}', '"2"');

describe('KASKO consumer contract (partner-sandbox-example-integrator)', () => {
  const { pact, recorded, expectContractCommitted } = consumerPact('kasko');
  const clientFor = (url: string): KaskoClient =>
    createKaskoClient({ baseUrl: url, secretKey: SECRET_KEY, publicKey: PUBLIC_KEY });

  it('gets a quote', async () => {
    const body = {
      item_id: PRODUCT_KEY,
      subscription_plan_id: 'pp_a6c37bc94f56cafaa7fcc02d77111',
      integration_id: 'in_e2b0a5a90e0595939c2b1978e5ccf',
      data: { item_value: 200000 },
    };
    await pact
      .addInteraction()
      .uponReceiving('a v3 quote request with the public and the secret key')
      .withRequest('POST', '/quotes', (request) =>
        request.query({ key: PUBLIC_KEY }).headers(jsonHeaders(KASKO_V3)).jsonBody(body),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          token: string(EXAMPLE_TOKEN),
          gross_payment_amount: integer(11000),
          extra_data: {
            gross_premium: integer(11000),
            premium_tax: integer(1000),
            net_premium: integer(10000),
            tax_rate: like(0.1),
          },
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST('/quotes', { body });
          expect(response.status).toBe(200);
          expect(Number.isInteger((data as { gross_payment_amount: number }).gross_payment_amount)).toBe(
            true,
          );
        }),
      );
  });

  it('creates an offer from a quote token', async () => {
    const body = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', language: 'en' };
    await pact
      .addInteraction()
      .given('a quote exists')
      .uponReceiving('an offer request with a quote token')
      .withRequest('POST', '/policies', (request) =>
        request
          .headers(jsonHeaders(KASKO_V2))
          .jsonBody({ quote_token: fromProviderState('${quote_token}', EXAMPLE_TOKEN), ...body }),
      )
      .willRespondWith(201, (response) =>
        response.jsonBody({
          id: regex(POLICY_ID, EXAMPLE_POLICY_ID),
          insurer_policy_id: regex('^TEST-[A-Z0-9-]+$', 'TEST-KSK-34L3638J876'),
          payment_token: string(EXAMPLE_TOKEN),
          livemode: false,
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST('/policies', {
            body: { quote_token: EXAMPLE_TOKEN, ...body },
          });
          expect(response.status).toBe(201);
          expect(data?.id).toMatch(new RegExp(POLICY_ID));
        }),
      );
  });

  it('pays an offer', async () => {
    await pact
      .addInteraction()
      .given('an offer exists')
      .uponReceiving('a payment of an offer with its payment token')
      .withRequest('POST', '/payments', (request) =>
        request.headers(jsonHeaders()).jsonBody({
          token: fromProviderState('${payment_token}', EXAMPLE_TOKEN),
          policy_id: fromProviderState('${policy_id}', EXAMPLE_POLICY_ID),
          method: 'invoice',
          provider: 'invoice',
        }),
      )
      .willRespondWith(201, (response) =>
        response.jsonBody({
          object: 'payment',
          id: regex('^t[0-9a-f]{32}$', 't84223322f013e2287210b6295010fc6d'),
          livemode: false,
          status: 'ok',
          policy_id: regex(POLICY_ID, EXAMPLE_POLICY_ID),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST('/payments', {
            body: {
              token: EXAMPLE_TOKEN,
              policy_id: EXAMPLE_POLICY_ID,
              method: 'invoice',
              provider: 'invoice',
            },
          });
          expect(response.status).toBe(201);
          expect(data?.status).toBe('ok');
        }),
      );
  });

  it('reads a paid policy with its version', async () => {
    await pact
      .addInteraction()
      .given('a paid policy exists')
      .uponReceiving('a read of a paid policy')
      .withRequest('GET', policyPath, (request) => request.headers({ authorization, accept: KASKO_V2 }))
      .willRespondWith(200, (response) =>
        response.headers({ ETag: like('"2"') }).jsonBody(policyBody('paid')),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).GET('/policies/{policy_id}', {
            params: { path: { policy_id: EXAMPLE_POLICY_ID } },
          });
          expect(response.headers.get('etag')).toBe('"2"');
          expect(data?.status).toBe('paid');
        }),
      );
  });

  it('updates a policy conditionally', async () => {
    await pact
      .addInteraction()
      .given('a paid policy exists')
      .uponReceiving('an update of a paid policy with If-Match')
      .withRequest('PATCH', policyPath, (request) =>
        request
          .headers({ ...jsonHeaders(KASKO_V2), 'if-match': ifMatch })
          .jsonBody({ email: 'ada@lovelace.org' }),
      )
      .willRespondWith(200, (response) =>
        response
          .headers({ ETag: like('"3"') })
          .jsonBody({ ...policyBody('paid'), email: 'ada@lovelace.org' }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).PATCH('/policies/{policy_id}', {
            params: { path: { policy_id: EXAMPLE_POLICY_ID }, header: { 'If-Match': '"2"' } },
            body: { email: 'ada@lovelace.org' },
          });
          expect(response.status).toBe(200);
          expect(data?.email).toBe('ada@lovelace.org');
        }),
      );
  });

  it('cancels a policy conditionally', async () => {
    const body = { status: 'cancelled' as const, cancellation_reason: 'customer request' };
    await pact
      .addInteraction()
      .given('a paid policy exists')
      .uponReceiving('a cancellation of a paid policy with If-Match')
      .withRequest('PUT', policyPath, (request) =>
        request.headers({ ...jsonHeaders(KASKO_V2), 'if-match': ifMatch }).jsonBody(body),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({ ...policyBody('cancelled'), cancellation_reason: 'customer request' }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).PUT('/policies/{policy_id}', {
            params: { path: { policy_id: EXAMPLE_POLICY_ID }, header: { 'If-Match': '"2"' } },
            body,
          });
          expect(response.status).toBe(200);
          expect(data?.status).toBe('cancelled');
        }),
      );
  });

  it('writes the contract that is committed in contracts/', () => {
    expect(expectContractCommitted().interactions).toHaveLength(6);
  });
});
