/**
 * Consumer side of the Kashier contract, as an integrator writes it: the typed client (`createKashierClient`)
 * talks to Pact's mock server; the interactions go to `contracts/partner-sandbox-example-integrator-kashier.json`,
 * which `pact-verifier.test.ts` verifies against the Kashier mock. Keys are matched by type (their
 * examples are the sandbox's test keys); the team member's key of the role-denied call is literal.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { createKashierClient } from '../../src/kashier/client';
import { consumerPact, freshUuid } from '../helpers/pact-consumer';
import { API_KEY, MID, SECRET, VIEWER_KEY } from '../helpers/kashier';

const { eachLike, like, number, regex, string } = MatchersV3;

const ORDER = 'ORD-PACT-1';
const TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const keyHeaders = { authorization: like(SECRET) };

describe('Kashier consumer contract (partner-sandbox-example-integrator)', () => {
  const { pact, recorded, expectContractCommitted } = consumerPact('kashier');

  it('creates a payment session', async () => {
    const body = {
      amount: '450.00',
      currency: 'EGP' as const,
      // A fresh order id on every replay (a Uuid generator): a server refuses the same order id twice.
      order: 'a4c27c6d-5e4e-4b8a-9a3e-2f1f7e1c9b10',
      merchantId: MID,
      merchantRedirect: 'https://merchant.example/kashier/return',
      customer: { email: 'buyer@example.com', reference: 'CUST-1' },
    };
    await pact
      .addInteraction()
      .uponReceiving('a request with the secret key and payment API key to create a payment session')
      .withRequest('POST', '/v3/payment/sessions', (request) =>
        request
          .headers({ ...keyHeaders, 'api-key': like(API_KEY) })
          .jsonBody({ ...body, order: freshUuid(body.order) }),
      )
      .willRespondWith(201, (response) =>
        response.jsonBody({
          status: 'CREATED',
          _id: regex('^[0-9a-f]{24}$', '665f1c2b9d3e4a0012ab34cd'),
          sessionUrl: regex(
            '^https?://.+/checkout/session/[0-9a-f]{24}\\?mode=test$',
            'http://127.0.0.1:4013/checkout/session/665f1c2b9d3e4a0012ab34cd?mode=test',
          ),
          merchantId: MID,
          paymentParams: like(body),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKashierClient({
            baseUrl: mockServer.url,
            secretKey: SECRET,
            paymentApiKey: API_KEY,
          });
          const { data, response } = await client.POST('/v3/payment/sessions', { body });
          expect(response.status).toBe(201);
          expect(data?.sessionUrl).toMatch(/\/checkout\/session\//);
        }),
      );
  });

  it('reads a paid order', async () => {
    await pact
      .addInteraction()
      .given('a paid order exists', { merchantOrderId: ORDER })
      .uponReceiving('a request for a paid order by its merchant order id')
      .withRequest('GET', `/payments/orders/${ORDER}`, (request) => request.headers(keyHeaders))
      .willRespondWith(200, (response) =>
        response.jsonBody({
          response: like({
            merchantOrderId: ORDER,
            orderId: string('3f1e2d4c-5b6a-4789-8a0b-1c2d3e4f5a6b'),
            status: 'CAPTURED',
            currency: 'EGP',
            totalCapturedAmount: number(450),
            totalRefundedAmount: number(0),
            transactions: eachLike({
              transactionId: regex('^TX-[0-9]+$', 'TX-249361234'),
              operation: 'pay',
              status: 'SUCCESS',
              creationDate: regex(TIMESTAMP, '2024-06-04T10:05:00.000Z'),
            }),
          }),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKashierClient({ baseUrl: mockServer.url, secretKey: SECRET });
          const { data } = await client.GET('/payments/orders/{merchantOrderId}', {
            params: { path: { merchantOrderId: ORDER } },
          });
          expect(data?.response.status).toBe('CAPTURED');
        }),
      );
  });

  const refundBody = {
    apiOperation: 'REFUND' as const,
    reason: 'customer request',
    transaction: { amount: 50 },
  };

  it('refunds part of a paid order on the FEP host', async () => {
    await pact
      .addInteraction()
      .given('a paid order exists', { merchantOrderId: ORDER })
      .uponReceiving('a v3 refund of part of a paid order')
      .withRequest('PUT', `/fep/v3/orders/${ORDER}`, (request) =>
        request.headers(keyHeaders).jsonBody(refundBody),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          status: 'SUCCESS',
          response: {
            status: 'SUCCESS',
            operation: 'refund',
            transactionId: regex('^TX-[0-9]+$', 'TX-249361299'),
            payload: { order: { status: 'PARTIALLY_REFUNDED', totalRefundedAmount: number(50) } },
          },
          messages: like({ en: 'Congratulations! Your refund was successful' }),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKashierClient({ baseUrl: mockServer.url, secretKey: SECRET });
          const { data } = await client.PUT('/v3/orders/{orderId}', {
            params: { path: { orderId: ORDER } },
            body: refundBody,
          });
          expect(data?.response.payload.order?.status).toBe('PARTIALLY_REFUNDED');
        }),
      );
  });

  it('is refused a refund with a viewer’s key, naming the permission', async () => {
    await pact
      .addInteraction()
      .given('a paid order exists', { merchantOrderId: ORDER })
      .given('a team member with a role exists', { role: 'viewer' })
      .uponReceiving('a refund by a team member whose role may not refund')
      .withRequest('PUT', `/fep/v3/orders/${ORDER}`, (request) =>
        request
          .headers({ authorization: MatchersV3.fromProviderState('${secretKey}', VIEWER_KEY) })
          .jsonBody(refundBody),
      )
      .willRespondWith(403, (response) =>
        response.jsonBody({
          status: 'FAILURE',
          error: { cause: 'Permission "refunds:create" is required for this operation.' },
          messages: like({ en: 'Permission "refunds:create" is required for this operation.' }),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const client = createKashierClient({ baseUrl: mockServer.url, secretKey: VIEWER_KEY });
          const { error, response } = await client.PUT('/v3/orders/{orderId}', {
            params: { path: { orderId: ORDER } },
            body: refundBody,
          });
          expect(response.status).toBe(403);
          expect(JSON.stringify(error)).toContain('refunds:create');
        }),
      );
  });

  it('writes the contract that is committed in contracts/', () => {
    expect(expectContractCommitted().interactions).toHaveLength(4);
  });
});
