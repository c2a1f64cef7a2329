/**
 * Consumer side of the Ensuro contract, written as an integrator would write it: the typed, signing client
 * (`createEnsuroClient`) talks to Pact's mock server (quote, new-policy signed with EIP-191 and with HMAC,
 * resolve, replace, cancel). The interactions are written to
 * `contracts/partner-sandbox-example-integrator-ensuro.json`, which `pact-verifier.test.ts` verifies against
 * the Ensuro mock.
 *
 * Matching policy: the body signature headers are matched by format (each signs the bytes actually sent, and a
 * provider state fills values into the bodies); ids, hashes and signatures by format, amounts by type. The values
 * a provider creates or the clock decides (the policy's `ensuro_id`, an expiration still in the future) come from
 * provider states, so the contract does not age.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { bodySignatureHeaders, type EnsuroBodySigning } from '../../src/ensuro/body-signer';
import { createEnsuroClient, type EnsuroClient } from '../../src/ensuro/client';
import { HARDHAT_ACCOUNT_0 } from '../../src/ensuro/test-keys';
import { consumerPact } from '../helpers/pact-consumer';

const { fromProviderState, integer, like, regex } = MatchersV3;

const PARTNER = 'example';
const BASE = `/api/v0/${PARTNER}`;
const API_KEY = 'ensuro_test_api_key';
const EIP191: EnsuroBodySigning = { method: 'eip191', privateKey: HARDHAT_ACCOUNT_0.privateKey };
const HMAC: EnsuroBodySigning = { method: 'hmac', secret: 'ensuro_test_hmac_secret' };

// Formats.
const HEX32 = '^0x[0-9a-f]{64}$';
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const ENSURO_ID = '^[0-9]{1,78}$';
const SIGNATURE_FORMAT = { eip191: '^0x[0-9a-f]{130}$', hmac: '^[0-9a-f]{64}$' } as const;

const EXAMPLE_ENSURO_ID = '55290711940124341656440444382658655728151858290209621141129482339851750871896';
/** 2030-01-31T00:00:00Z: the example; a replay sends the expiration its provider state answers. */
const EXAMPLE_EXPIRATION = 1_896_134_400;
const EXAMPLE_HASH = '0x655daa61a6cf9d65d07329ec011c22650a05b526fb41c9b1683956e7b241a2bf';

const data = { internal_id: 'ac3b3fe475', channel: 'website' };
const expiration = fromProviderState('${expiration}', EXAMPLE_EXPIRATION);
const ensuroId = (name: string) => fromProviderState(`\${${name}}`, EXAMPLE_ENSURO_ID);

/**
 * The headers of a call: the API key, and on policy calls the body signature, matched by format; its example is a
 * genuine signature of the example body (what the client sent here).
 */
function headers(body: unknown, signing?: EnsuroBodySigning) {
  if (signing === undefined) return { 'x-api-key': like(API_KEY) };
  const [[name, example]] = Object.entries(bodySignatureHeaders(JSON.stringify(body), signing)) as [
    [string, string],
  ];
  return {
    'x-api-key': like(API_KEY),
    [name.toLowerCase()]: regex(SIGNATURE_FORMAT[signing.method], example),
  };
}

const signature = {
  hash: regex(HEX32, EXAMPLE_HASH),
  r: regex(HEX32, '0xfa77cd0f2d12287d1d9e0ef367e411e8d02f59890c2977f5bdc3f1dbf30aab54'),
  vs: regex(HEX32, '0x50d6f317112b224daf7efc73ac4f294358314fe53d423a672d56844c4d6843e9'),
};

/** A signed quote (also the new- and replace-policy answer, which add the policy's `ensuro_id`). */
const quote = {
  quote_id: regex(UUID, 'c06bec3e-6984-49d8-a866-b27e0cbf1f4d'),
  data_hash: regex(HEX32, '0x0a39ddc02112fd46bdd9be79f4e13f558aaf9ce02467e4b6ea7ee8a896f89008'),
  loss_prob: like('0.105'),
  premium: like('22.000875'),
  signature,
  valid_until: integer(1_893_459_600),
};
const policy = { ...quote, ensuro_id: regex(ENSURO_ID, EXAMPLE_ENSURO_ID) };

describe('Ensuro consumer contract (partner-sandbox-example-integrator)', () => {
  const { pact, recorded, expectContractCommitted } = consumerPact('ensuro');

  const clientFor = (url: string, signing: EnsuroBodySigning = EIP191): EnsuroClient =>
    createEnsuroClient({ baseUrl: `${url}/api/v0`, apiKey: API_KEY, signing });
  const partner = { path: { partner: PARTNER } };

  it('gets a signed quote', async () => {
    // Nothing is stored and quotes do not check the policy duration: a fixed, far expiration keeps this
    // interaction stateless (and repeatable), in the documented ISO 8601 form.
    const body = { payout: '190.25', expiration: '2099-12-31T23:59:59Z', data };
    await pact
      .addInteraction()
      .uponReceiving('a quote request with the API key')
      .withRequest('POST', `${BASE}/quote`, (request) => request.headers(headers(body)).jsonBody(body))
      .willRespondWith(200, (response) => response.jsonBody(quote))
      .executeTest(
        recorded(async (mockServer) => {
          const { data: answer, response } = await clientFor(mockServer.url).POST('/{partner}/quote', {
            params: partner,
            body,
          });
          expect(response.status).toBe(200);
          expect(answer?.data_hash).toMatch(new RegExp(HEX32));
          expect(answer?.signature?.vs).toMatch(new RegExp(HEX32));
        }),
      );
  });

  describe.each([
    ['EIP-191', EIP191, 'X-EIP191-Signature'],
    ['HMAC', HMAC, 'X-Ensuro-Signature'],
  ] as const)('new policy signed with %s', (method, signing, header) => {
    it(`creates a policy with the body signed in ${header}`, async () => {
      const body = { payout: '190.25', expiration: EXAMPLE_EXPIRATION, data };
      await pact
        .addInteraction()
        .given('a policy expiration the risk module accepts', { days: 30 })
        .uponReceiving(`a new policy request signed with ${method}`)
        .withRequest('POST', `${BASE}/new-policy`, (request) =>
          request.headers(headers(body, signing)).jsonBody({ ...body, expiration }),
        )
        .willRespondWith(200, (response) => response.jsonBody(policy))
        .executeTest(
          recorded(async (mockServer) => {
            const { data: answer, response } = await clientFor(mockServer.url, signing).POST(
              '/{partner}/new-policy',
              { params: partner, body },
            );
            expect(response.status).toBe(200);
            // Real clients read the quote's signature from the new-policy answer too.
            expect(answer?.signature?.r).toMatch(new RegExp(HEX32));
            expect(answer?.ensuro_id).toMatch(new RegExp(ENSURO_ID));
          }),
        );
    });
  });

  it('resolves an active policy', async () => {
    const body = { ensuro_id: EXAMPLE_ENSURO_ID, payout: '105.25' };
    await pact
      .addInteraction()
      .given('an active policy exists', { payout: '190.25', days: 30 })
      .uponReceiving('a resolution of an active policy, signed with EIP-191')
      .withRequest('POST', `${BASE}/resolve-policy`, (request) =>
        request.headers(headers(body, EIP191)).jsonBody({ ...body, ensuro_id: ensuroId('ensuro_id') }),
      )
      .willRespondWith(200, (response) => response.jsonBody({ status: 'QUEUED' }))
      .executeTest(
        recorded(async (mockServer) => {
          const { data: answer } = await clientFor(mockServer.url).POST('/{partner}/resolve-policy', {
            params: partner,
            body,
          });
          expect(answer).toEqual({ status: 'QUEUED' });
        }),
      );
  });

  it('replaces an active policy with a higher payout', async () => {
    const body = { old_ensuro_id: EXAMPLE_ENSURO_ID, payout: '250', expiration: EXAMPLE_EXPIRATION, data };
    await pact
      .addInteraction()
      .given('an active policy exists', { payout: '190.25', days: 30 })
      .uponReceiving('a replacement of an active policy, signed with HMAC')
      .withRequest('POST', `${BASE}/replace-policy`, (request) =>
        request
          .headers(headers(body, HMAC))
          // The same expiration as the old policy's (not below it), the state answers it.
          .jsonBody({ ...body, old_ensuro_id: ensuroId('ensuro_id'), expiration }),
      )
      .willRespondWith(200, (response) => response.jsonBody(policy))
      .executeTest(
        recorded(async (mockServer) => {
          const { data: answer } = await clientFor(mockServer.url, HMAC).POST('/{partner}/replace-policy', {
            params: partner,
            body,
          });
          expect(answer?.ensuro_id).toMatch(new RegExp(ENSURO_ID));
        }),
      );
  });

  it('cancels an active policy and reads the refunds', async () => {
    const body = { ensuro_id: EXAMPLE_ENSURO_ID };
    await pact
      .addInteraction()
      .given('an active policy exists', { payout: '190.25', days: 30 })
      .uponReceiving('a cancellation of an active policy, signed with EIP-191')
      .withRequest('POST', `${BASE}/cancel-policy`, (request) =>
        request.headers(headers(body, EIP191)).jsonBody({ ensuro_id: ensuroId('ensuro_id') }),
      )
      .willRespondWith(200, (response) =>
        response.jsonBody({
          ensuro_id: regex(ENSURO_ID, EXAMPLE_ENSURO_ID),
          refunds: { pure_premium: like('19.97625'), jr_coc: like('0.2'), sr_coc: like('0.3') },
          signature,
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data: answer } = await clientFor(mockServer.url).POST('/{partner}/cancel-policy', {
            params: partner,
            body,
          });
          expect(answer?.ensuro_id).toBe(EXAMPLE_ENSURO_ID);
          expect(answer?.refunds.pure_premium).toEqual(expect.any(String));
        }),
      );
  });

  it('writes the contract that is committed in contracts/', () => {
    expect(expectContractCommitted().interactions).toHaveLength(6);
  });
});
