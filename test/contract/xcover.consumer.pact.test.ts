/**
 * Consumer side of the XCover contract, written as an integrator would write it: the typed, signing
 * client (`createXCoverClient`) talks to Pact's mock server, and each test asserts what the client got
 * back. The interactions are written to `contracts/partner-sandbox-example-integrator-xcover.json`, which
 * `pact-verifier.test.ts` verifies against the XCover mock.
 *
 * Matching policy: the signature headers are matched by format (a real signature changes with every
 * request), response bodies by type and id format; literal values only where the integrator relies on
 * them (statuses, the ids named in the path, `cancellation_id: null`).
 */
import { MatchersV3 } from '@pact-foundation/pact';
import { createXCoverClient, type XCoverClient } from '../../src/xcover/client';
import type { components } from '../../src/xcover/types';
import { consumerPact, freshUuid } from '../helpers/pact-consumer';
import { signXCoverRequest } from '../../src/xcover/signature';

const { boolean, eachLike, fromProviderState, like, number, regex, string } = MatchersV3;

const PARTNER = 'LLODT';
const KEY = { apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' };

// Formats.
const AUTHORIZATION =
  '^Signature keyId="[^"]+",algorithm="hmac-sha(1|256|384|512)",(headers="[^"]+",)?signature="[^"]+"$';
const RFC_1123_DATE =
  '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$';
const PACKAGE_ID = '^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$';
const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
const CANCELLATION_ID = '^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-CCL$';
/** XCover record timestamps (`2021-09-30T12:59:55.700534Z`) and policy dates (`2021-10-01T00:29:29+00:00`). */
const TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

const EXAMPLE_QUOTE_ID = '03c6a538-f9db-4426-b88c-0e30f6988b0d';
const EXAMPLE_CANCELLATION_ID = 'u7Thv-d6C5P-8FAQW-CCL';
/** The key the client sends in these tests (a UUID v4, as a client would persist it for its retries). */
const IDEMPOTENCY_KEY = '6f1c2a7e-4b9d-4c3e-8a51-0d2f9b7c3e41';

/**
 * The first booking's key: a fresh one each time the contract is replayed, as the interaction needs no provider
 * state (a partner's staging server, a sandbox never reset, keeps every key it has seen).
 */
const freshIdempotencyKey = freshUuid(IDEMPOTENCY_KEY);

/**
 * The headers every request carries, matched by format. The examples are a genuine signature of the
 * request for a fixed past date, so a replay of the bare contract is refused (as stale) by a real verifier.
 */
function signedHeaders(method: string, path: string) {
  const example = signXCoverRequest({ method, path }, KEY, { date: new Date('2024-01-15T09:30:00Z') });
  return {
    authorization: regex(AUTHORIZATION, example.authorization),
    date: regex(RFC_1123_DATE, example.date),
    'x-api-key': like(KEY.apiKey),
  };
}

const eventTicketItem = {
  policy_type: 'event_ticket_protection',
  policy_type_version: 1,
  policy_start_date: '2030-06-01T10:00:00Z',
  event_datetime: '2030-06-20T19:30:00Z',
  event_name: 'Ariana Grande',
  event_location: 'The O2',
  number_of_tickets: 2,
  tickets: [{ price: 100 }],
  resale_ticket: false,
  event_country: 'GB',
};

const policyholder: components['schemas']['PolicyholderInput'] = {
  first_name: 'Mark',
  last_name: 'Mcintosh',
  age: 30,
  email: 'mark.mcintosh@test-xcover.com',
  country: 'GB',
  region: null,
  company: 'Barrera Ltd',
};

const policy = like({
  policy_type: 'event_ticket_protection',
  policy_name: 'Missed Event Cover (Generic)',
  policy_code: 'MECG0001',
});

/** A booked quote as bookings list them (`quotes` is an array). */
const bookedQuote = {
  id: regex(UUID, EXAMPLE_QUOTE_ID),
  status: 'CONFIRMED',
  price: number(2.01),
  price_formatted: string('£2.01'),
  policy_start_date: regex(TIMESTAMP, '2030-06-01T10:00:00+00:00'),
  policy_end_date: regex(TIMESTAMP, '2030-06-20T19:30:00+00:00'),
  confirmed_at: regex(TIMESTAMP, '2030-05-01T12:00:00.000000Z'),
  can_be_cancelled: boolean(true),
  policy,
};

/** A booking (create booking, instant booking and its idempotent replay). */
const booking = (id: string | ReturnType<typeof regex>) => ({
  id,
  status: 'CONFIRMED',
  currency: like('GBP'),
  total_price: number(2.01),
  total_price_formatted: string('£2.01'),
  security_token: string('OYXZP-CgGUR-YI3Lz-RefU1'),
  created_at: regex(TIMESTAMP, '2030-05-01T12:00:00.000000Z'),
  quotes: eachLike(bookedQuote),
  policyholder: like({ first_name: 'Mark', last_name: 'Mcintosh', email: 'mark.mcintosh@test-xcover.com' }),
  coi: like({
    url: 'https://staging.xcover.com/en/coi/8NX9C-VJAXJ-INS?security_token=ceP0k-1Q9si-zlJe5-lwaPm',
    pdf: 'https://staging.xcover.com/en/coi/8NX9C-VJAXJ-INS.pdf?security_token=ceP0k-1Q9si-zlJe5-lwaPm',
  }),
});

/** A cancellation view: the preview (with id and deadline) or the applied cancellation (both null). */
const cancellation = (id: string, preview: boolean) => ({
  id,
  status: 'CANCELLED',
  quotes: eachLike({
    id: regex(UUID, EXAMPLE_QUOTE_ID),
    status: 'CANCELLED',
    price: number(2.01),
    refund_value: number(2.01),
  }),
  total_refund: number(2.01),
  currency: like('GBP'),
  cancellation_id: preview ? regex(CANCELLATION_ID, EXAMPLE_CANCELLATION_ID) : null,
  confirm_before: preview ? regex(TIMESTAMP, '2030-05-02T12:00:00.000000Z') : null,
});

const instantBookingBody = { request: [eventTicketItem], currency: 'GBP', policyholder };

describe('XCover consumer contract (partner-sandbox-example-integrator)', () => {
  const { pact, recorded, expectContractCommitted } = consumerPact('xcover');

  const clientFor = (url: string): XCoverClient => createXCoverClient({ baseUrl: `${url}/x`, key: KEY });

  it('creates a quote package', async () => {
    const path = `/x/partners/${PARTNER}/quotes/`;
    const body = {
      request: [eventTicketItem],
      currency: 'GBP',
      customer_country: 'GB',
      customer_language: 'en',
    };
    await pact
      .addInteraction()
      .uponReceiving('a signed request to create a quote package for one event ticket')
      .withRequest('POST', path, (request) => request.headers(signedHeaders('POST', path)).jsonBody(body))
      .willRespondWith(201, (response) =>
        response.jsonBody({
          id: regex(PACKAGE_ID, '33K6D-WBHLY-INS'),
          status: 'RECEIVED',
          currency: like('GBP'),
          total_price: number(2.01),
          total_price_formatted: string('£2.01'),
          security_token: string('OYXZP-CgGUR-YI3Lz-RefU1'),
          created_at: regex(TIMESTAMP, '2030-05-01T12:00:00.000000Z'),
          // A quote package keys its quotes by position: an object, not an array.
          quotes: {
            '0': {
              id: regex(UUID, EXAMPLE_QUOTE_ID),
              status: 'RECEIVED',
              price: number(2.01),
              price_formatted: string('£2.01'),
              policy_start_date: regex(TIMESTAMP, '2030-06-01T10:00:00+00:00'),
              policy_end_date: regex(TIMESTAMP, '2030-06-20T19:30:00+00:00'),
              policy,
            },
          },
          errors: like({}),
        }),
      )
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST(
            '/partners/{partner_code}/quotes/',
            {
              params: { path: { partner_code: PARTNER } },
              body,
            },
          );
          expect(response.status).toBe(201);
          expect(data?.id).toMatch(new RegExp(PACKAGE_ID));
          expect(data?.status).toBe('RECEIVED');
          const quote = data?.quotes['0'];
          expect(quote?.id).toMatch(new RegExp(UUID));
          expect(typeof quote?.price).toBe('number');
        }),
      );
  });

  it('books a quote of an existing quote package', async () => {
    const packageId = 'QPKG1-TEST1-INS';
    const path = `/x/partners/${PARTNER}/bookings/${packageId}/`;
    await pact
      .addInteraction()
      .given('a quote package exists', { quote_package_id: packageId })
      .uponReceiving('a signed request to book the quote of an existing quote package')
      .withRequest('POST', path, (request) =>
        request.headers(signedHeaders('POST', path)).jsonBody({
          // The quote id is whatever the provider created: the state returns it as `quote_id`.
          quotes: [{ id: fromProviderState('${quote_id}', EXAMPLE_QUOTE_ID) }],
          policyholder,
        }),
      )
      .willRespondWith(200, (response) => response.jsonBody(booking(packageId)))
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST(
            '/partners/{partner_code}/bookings/{quote_package_id}/',
            {
              params: { path: { partner_code: PARTNER, quote_package_id: packageId } },
              body: { quotes: [{ id: EXAMPLE_QUOTE_ID }], policyholder },
            },
          );
          expect(response.status).toBe(200);
          expect(data?.id).toBe(packageId);
          expect(data?.status).toBe('CONFIRMED');
          expect(Array.isArray(data?.quotes)).toBe(true);
          expect(data?.quotes[0]?.status).toBe('CONFIRMED');
          expect(data?.quotes[0]?.id).toMatch(new RegExp(UUID));
        }),
      );
  });

  it('previews the cancellation of a confirmed booking', async () => {
    const packageId = 'QPKG2-TEST2-INS';
    const path = `/x/partners/${PARTNER}/bookings/${packageId}/cancel`;
    await pact
      .addInteraction()
      .given('a confirmed booking exists', { quote_package_id: packageId })
      .uponReceiving('a signed request to preview the cancellation of a confirmed booking')
      .withRequest('POST', path, (request) =>
        request.headers(signedHeaders('POST', path)).jsonBody({ preview: true }),
      )
      .willRespondWith(200, (response) => response.jsonBody(cancellation(packageId, true)))
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST(
            '/partners/{partner_code}/bookings/{quote_package_id}/cancel',
            {
              params: { path: { partner_code: PARTNER, quote_package_id: packageId } },
              body: { preview: true },
            },
          );
          expect(response.status).toBe(200);
          expect(data?.status).toBe('CANCELLED');
          expect(data?.cancellation_id).toMatch(/-CCL$/);
          expect(data?.confirm_before).toEqual(expect.any(String));
        }),
      );
  });

  it('confirms a previewed cancellation', async () => {
    const packageId = 'QPKG3-TEST3-INS';
    const base = `/x/partners/${PARTNER}/bookings/${packageId}/confirm_cancellation/`;
    const examplePath = `${base}${EXAMPLE_CANCELLATION_ID}/`;
    await pact
      .addInteraction()
      .given('a booking with a previewed cancellation exists', { quote_package_id: packageId })
      .uponReceiving('a signed request to confirm a previewed cancellation')
      .withRequest(
        'POST',
        // The cancellation id is the provider's: the state returns it as `cancellation_id`.
        fromProviderState(`${base}\${cancellation_id}/`, examplePath),
        (request) => request.headers(signedHeaders('POST', examplePath)),
      )
      .willRespondWith(200, (response) => response.jsonBody(cancellation(packageId, false)))
      .executeTest(
        recorded(async (mockServer) => {
          const { data, response } = await clientFor(mockServer.url).POST(
            '/partners/{partner_code}/bookings/{quote_package_id}/confirm_cancellation/{cancellation_id}/',
            {
              params: {
                path: {
                  partner_code: PARTNER,
                  quote_package_id: packageId,
                  cancellation_id: EXAMPLE_CANCELLATION_ID,
                },
              },
            },
          );
          expect(response.status).toBe(200);
          expect(data?.status).toBe('CANCELLED');
          expect(data?.cancellation_id).toBeNull();
          expect(data?.confirm_before).toBeNull();
        }),
      );
  });

  describe('instant booking with an idempotency key', () => {
    const path = `/x/partners/${PARTNER}/instant_booking/`;
    const book = (url: string) =>
      clientFor(url).POST('/partners/{partner_code}/instant_booking/', {
        params: { path: { partner_code: PARTNER }, header: { 'x-idempotency-key': IDEMPOTENCY_KEY } },
        body: { ...instantBookingBody, policyholder },
      });

    it('books on the first request', async () => {
      await pact
        .addInteraction()
        .uponReceiving('a signed instant booking request with an idempotency key')
        .withRequest('POST', path, (request) =>
          request
            .headers({ ...signedHeaders('POST', path), 'x-idempotency-key': freshIdempotencyKey })
            .jsonBody(instantBookingBody),
        )
        .willRespondWith(200, (response) => response.jsonBody(booking(regex(PACKAGE_ID, '8NX9C-VJAXJ-INS'))))
        .executeTest(
          recorded(async (mockServer) => {
            const { data, response } = await book(mockServer.url);
            expect(response.status).toBe(200);
            expect(data?.id).toMatch(new RegExp(PACKAGE_ID));
            expect(data?.status).toBe('CONFIRMED');
            expect(data?.quotes).toHaveLength(1);
          }),
        );
    });

    it('answers a retry with the same key with 409 and the original booking', async () => {
      await pact
        .addInteraction()
        // The state makes the first attempt, with this very body, under a key of its own: the retry sends it.
        .given('an instant booking was made with an idempotency key', {
          // The policyholder's type allows undefined fields, which JSON has not; it has none.
          request: instantBookingBody as unknown as Record<string, string>,
        })
        .uponReceiving('the same instant booking retried with the same idempotency key')
        .withRequest('POST', path, (request) =>
          request
            .headers({
              ...signedHeaders('POST', path),
              'x-idempotency-key': fromProviderState('${idempotency_key}', IDEMPOTENCY_KEY),
            })
            .jsonBody(instantBookingBody),
        )
        .willRespondWith(409, (response) => response.jsonBody(booking(regex(PACKAGE_ID, '8NX9C-VJAXJ-INS'))))
        .executeTest(
          recorded(async (mockServer) => {
            const { data, error, response } = await book(mockServer.url);
            // XCover: a 409 replay carries the original booking; an integrator treats it as success.
            expect(response.status).toBe(409);
            expect(data).toBeUndefined();
            expect(error).toMatchObject({ status: 'CONFIRMED' });
            expect((error as { id?: unknown }).id).toMatch(new RegExp(PACKAGE_ID));
          }),
        );
    });
  });

  it('writes the contract that is committed in contracts/', () => {
    expect(expectContractCommitted().interactions).toHaveLength(6);
  });
});
