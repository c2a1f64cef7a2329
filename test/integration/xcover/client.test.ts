/**
 * The typed client integrators import (`createXCoverClient`) against the XCover mock over real HTTP: every
 * request it signs is accepted, in both signed-string forms, and the generated types fit the answers.
 */
import { createXCoverClient, type XCoverClient } from '../../../src/xcover';
import {
  API_KEY,
  API_SECRET,
  PARTNER,
  POLICYHOLDER,
  quoteItem,
  useXCoverSandbox,
} from '../../helpers/xcover';

describe('the typed XCover client against the mock', () => {
  const sandbox = useXCoverSandbox();

  const path = { partner_code: PARTNER };

  it.each([
    ['the documented date-only form', undefined, '/x'],
    ['the Python SDK form, (request-target) date', ['(request-target)', 'date'], '/xcover'],
  ])(
    'quotes, books, previews and confirms a cancellation, signed in %s',
    async (...[, signedHeaders, base]) => {
      const client: XCoverClient = createXCoverClient({
        baseUrl: `${sandbox.x.url}${base as string}`,
        key: { apiKey: API_KEY, apiSecret: API_SECRET },
        signing: { algorithm: 'hmac-sha256', signedHeaders: signedHeaders as string[] | undefined },
      });

      const quote = await client.POST('/partners/{partner_code}/quotes/', {
        params: { path },
        body: { request: [quoteItem() as never], currency: 'GBP', customer_country: 'GB' },
      });
      expect(quote.response.status).toBe(201);
      const pkg = quote.data!;
      const quoteId = pkg.quotes['0']!.id;

      const booking = await client.POST('/partners/{partner_code}/bookings/{quote_package_id}/', {
        params: { path: { ...path, quote_package_id: pkg.id } },
        body: { quotes: [{ id: quoteId }], policyholder: POLICYHOLDER },
      });
      expect(booking.data?.status).toBe('CONFIRMED');

      const preview = await client.POST('/partners/{partner_code}/bookings/{quote_package_id}/cancel', {
        params: { path: { ...path, quote_package_id: pkg.id } },
        body: { preview: true },
      });
      const cancellationId = preview.data!.cancellation_id!;
      expect(cancellationId).toMatch(/-CCL$/);

      const confirmed = await client.POST(
        '/partners/{partner_code}/bookings/{quote_package_id}/confirm_cancellation/{cancellation_id}/',
        { params: { path: { ...path, quote_package_id: pkg.id, cancellation_id: cancellationId } } },
      );
      expect(confirmed.data).toMatchObject({ status: 'CANCELLED', cancellation_id: null });

      const listed = await client.GET('/partners/{partner_code}/bookings/', {
        params: { path, query: { limit: 5 } },
      });
      expect(listed.data?.count).toBe(1);
      expect(sandbox.x.sandbox.journal.list().every((entry) => entry.reason === null)).toBe(true);
    },
  );

  it('gets XCover’s error body, typed, when the sandbox refuses', async () => {
    const client = createXCoverClient({
      baseUrl: `${sandbox.x.url}/x`,
      key: { apiKey: API_KEY, apiSecret: 'not-the-secret' },
    });
    const refused = await client.GET('/partners/{partner_code}/quotes/{quote_package_id}/', {
      params: { path: { ...path, quote_package_id: 'AAAAA-BBBBB-INS' } },
    });
    expect(refused.response.status).toBe(401);
    expect(refused.error).toEqual({
      type: 'authentication_error',
      message: 'Signature string does not match!',
      errors: [],
    });
  });
});
