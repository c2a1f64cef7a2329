/**
 * Bad input to the XCover mock over real HTTP: every refusal is the right 4xx in XCover's error shape,
 * never a 5xx, and nothing is stored.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { signXCoverRequest } from '../../../src/xcover/signature';
import {
  API_KEY,
  API_SECRET,
  expectRejected,
  instantBookingBody,
  jsonOf,
  journal,
  P,
  quoteBody,
  quoteItem,
  type QuotePackageView,
  type XCoverError,
  type XCoverFetchOptions,
  useXCoverSandbox,
  packageCount,
} from '../../helpers/xcover';

const QUOTES = `${P}/quotes/`;
const VALIDATION = { type: 'validation_error', message: 'An API error occurred.' } as const;

describe('XCover mock: bad input', () => {
  const sandbox = useXCoverSandbox();
  const { call } = sandbox;
  let packagesBefore = 0;

  beforeEach(() => {
    packagesBefore = 0;
  });
  afterEach(async () => {
    // Whatever a test sent, nothing beyond what it created on purpose was stored.
    expect(await packageCount(sandbox.x)).toBe(packagesBefore);
    const bookings = await jsonOf<{ count: number }>(await call('GET', `${P}/bookings/`));
    expect(bookings.count).toBe(0);
    // And no request of the test was answered with a 5xx.
    const entries = await journal(sandbox.x.url);
    expect(entries.filter((entry) => entry.status >= 500)).toEqual([]);
  });

  const postRaw = (raw: string | Buffer, options: XCoverFetchOptions = {}) =>
    call('POST', QUOTES, undefined, { raw, ...options });

  async function createQuote(): Promise<QuotePackageView> {
    const created = await call('POST', QUOTES, quoteBody());
    expect(created.status).toBe(201);
    packagesBefore += 1;
    return jsonOf<QuotePackageView>(created);
  }

  it('answers malformed JSON with 400 parse_error', async () => {
    const body = await expectRejected(await postRaw('{"currency": "GBP",'), 400, 'XCOVER_MALFORMED_JSON');
    expect(body.type).toBe('parse_error');
    expect(body.message).toMatch(/^JSON parse error - /);
    expect(body.errors).toEqual([]);
  });

  it('answers non-UTF-8 bytes with 400 parse_error', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"currency": "'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    expect(await expectRejected(await postRaw(bytes), 400, 'XCOVER_MALFORMED_JSON')).toEqual({
      type: 'parse_error',
      message: 'JSON parse error - the body is not valid UTF-8',
      errors: [],
    });
    // Declaring another charset does not help: the body must be UTF-8 JSON.
    await expectRejected(
      await postRaw(bytes, { contentType: 'application/json; charset=latin1' }),
      400,
      'XCOVER_MALFORMED_JSON',
    );
  });

  it('answers a wrong content type with 415', async () => {
    const body = await expectRejected(
      await postRaw(JSON.stringify(quoteBody()), { contentType: 'text/plain' }),
      415,
      'XCOVER_UNSUPPORTED_MEDIA_TYPE',
    );
    expect(body).toEqual({
      type: 'unsupported_media_type',
      message: 'Unsupported media type "text/plain" in request.',
      errors: [],
    });
    await expectRejected(
      await postRaw('currency=GBP', { contentType: 'application/x-www-form-urlencoded' }),
      415,
      'XCOVER_UNSUPPORTED_MEDIA_TYPE',
    );
  });

  describe('a body over 1 MiB', () => {
    const huge = JSON.stringify({ ...quoteBody(), customer_region: 'x'.repeat(1024 * 1024) });

    it('is refused with 413 when Content-Length declares it', async () => {
      const response = await postRaw(huge);
      expect(response.headers.get('connection')).toBe('close');
      expect(await expectRejected(response, 413, 'XCOVER_BODY_TOO_LARGE')).toEqual({
        type: 'payload_too_large',
        message: 'Request body exceeds the 1 MiB limit.',
        errors: [],
      });
    });

    it('is refused with 413 when streamed chunked, and the client still gets the response', async () => {
      const signed = signXCoverRequest(
        { method: 'POST', path: QUOTES, headers: {} },
        { apiKey: API_KEY, apiSecret: API_SECRET },
        { date: sandbox.x.sandbox.clock.now() },
      );
      const { status, headers, text } = await new Promise<{
        status: number;
        headers: Record<string, unknown>;
        text: string;
      }>((resolve, reject) => {
        const request = httpRequest(
          `${sandbox.x.url}${QUOTES}`,
          { method: 'POST', headers: { ...signed, 'content-type': 'application/json' } },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            response.on('error', reject);
          },
        );
        // The server may close the socket before the whole upload is written; only the response matters.
        request.on('error', () => undefined);
        const chunk = Buffer.alloc(64 * 1024, 'x');
        for (let sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length) request.write(chunk);
        request.end();
      });
      expect(status).toBe(413);
      expect(headers['x-sandbox-reason']).toBe('XCOVER_BODY_TOO_LARGE');
      expect(headers.connection).toBe('close');
      expect((JSON.parse(text) as XCoverError).type).toBe('payload_too_large');
    });
  });

  it('answers wrong field types with 422 and field-keyed errors', async () => {
    const top = await expectRejected(
      await call('POST', QUOTES, { currency: 5, request: 'x', customer_country: 'GB' }),
      422,
      'XCOVER_BODY_INVALID',
    );
    expect(top).toEqual({
      ...VALIDATION,
      errors: { currency: ['Not a valid string.'], request: ['Expected a list of items.'] },
    });
    const nested = await expectRejected(
      await call('POST', QUOTES, quoteBody([quoteItem(), quoteItem({ number_of_tickets: 'two' })])),
      422,
      'XCOVER_BODY_INVALID',
    );
    expect(nested).toEqual({
      ...VALIDATION,
      errors: { request: [{}, { number_of_tickets: ['A valid integer is required.'] }] },
    });
  });

  it('answers an unknown top-level field with "Unexpected field", as recorded', async () => {
    const body = await expectRejected(
      await call('POST', QUOTES, { ...quoteBody(), policy_version: 1 }),
      422,
      'XCOVER_BODY_INVALID',
    );
    expect(body).toEqual({ ...VALIDATION, errors: { policy_version: 'Unexpected field' } });
  });

  it('answers an empty create-quote body with "This field is required." for each required field', async () => {
    for (const raw of ['', '{}']) {
      const body = await expectRejected(await postRaw(raw), 422, 'XCOVER_BODY_INVALID');
      expect(body).toEqual({
        ...VALIDATION,
        errors: {
          currency: ['This field is required.'],
          request: ['This field is required.'],
          customer_country: ['This field is required.'],
        },
      });
    }
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'quote me'],
    ['a number', 42],
  ])('answers %s as the body with 422', async (_label, value) => {
    const body = await expectRejected(await call('POST', QUOTES, value), 422, 'XCOVER_BODY_INVALID');
    expect(body).toEqual({
      ...VALIDATION,
      errors: { non_field_errors: ['Invalid data. Expected a dictionary.'] },
    });
  });

  it.each([
    ['arrays, 10 000 levels', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['objects, 10 000 levels', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['arrays, 200 000 levels', '['.repeat(200_000) + ']'.repeat(200_000)],
  ])('answers deeply nested JSON (%s) with a 4xx, and the journal still lists it', async (_label, raw) => {
    for (const path of [QUOTES, `${P}/instant_booking/`]) {
      const response = await call('POST', path, undefined, { raw });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await jsonOf<XCoverError>(response)).type).toMatch(/^(validation|parse)_error$/);
    }
    const listed = await fetch(`${sandbox.x.url}/__sandbox/requests`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { requests: unknown[] }).requests).toHaveLength(2);
  });

  it('refuses ticket prices that would price a quote beyond any finite amount', async () => {
    const huge = quoteItem({ tickets: [{ price: 1e308 }] });
    expect(
      await expectRejected(await call('POST', QUOTES, quoteBody([huge])), 422, 'XCOVER_BODY_INVALID'),
    ).toEqual({
      ...VALIDATION,
      errors: {
        request: [{ tickets: [{ price: ['Ensure this value is less than or equal to 1000000000.'] }] }],
      },
    });
  });

  it('refuses a start date JavaScript cannot read (leap second) with 422, not 500', async () => {
    const leap = quoteItem({ policy_start_date: '2030-06-30T23:59:60Z' });
    for (const [path, body] of [
      [QUOTES, quoteBody([quoteItem(), leap])],
      [`${P}/instant_booking/`, instantBookingBody([quoteItem(), leap])],
    ] as const) {
      expect(await expectRejected(await call('POST', path, body), 422, 'XCOVER_BODY_INVALID')).toEqual({
        ...VALIDATION,
        errors: { request: [{}, { policy_start_date: ['Datetime has wrong format.'] }] },
      });
    }
  });

  it('refuses a quote update with an unreadable start date, changing no quote', async () => {
    const pkg = await createQuote();
    const added = await call('POST', `${P}/quotes/${pkg.id}/add/`, {
      request: [quoteItem({ policy_start_date: '2030-06-30T23:59:60Z' })],
    });
    await expectRejected(added, 422, 'XCOVER_BODY_INVALID');
    const quoteId = pkg.quotes['0']?.id;
    const refused = await call('PATCH', `${P}/quotes/${pkg.id}/`, {
      request: [
        { quote_id: quoteId, tickets: [{ price: 500 }] },
        { quote_id: quoteId, policy_start_date: 'next tuesday' },
      ],
    });
    expect(await expectRejected(refused, 422, 'XCOVER_BODY_INVALID')).toEqual({
      ...VALIDATION,
      errors: { request: [{}, { policy_start_date: ['Datetime has wrong format.'] }] },
    });
    const read = await jsonOf<QuotePackageView>(await call('GET', `${P}/quotes/${pkg.id}/`));
    expect(read.total_price).toBe(2.01);
    expect(Object.keys(read.quotes)).toHaveLength(1);
  });

  describe('ids with path tricks', () => {
    const TRICKS = [
      ['encoded traversal', '..%2F..%2Fetc'],
      ['encoded traversal to a real route', '..%2F..%2Fbookings'],
      ['NUL byte', '%00'],
      ['NUL inside an id', 'ABCDE-FGHIJ%00-INS'],
      ['10 kB id', 'A'.repeat(10 * 1024)],
      ['lower-case id', 'abcde-fghij-ins'],
      ['lower-case INS', 'ABCDE-FGHIJ-ins'],
      ['unicode', encodeURIComponent('ÄBCDE-FGHIJ-INS')],
      ['emoji', encodeURIComponent('💥💥💥💥💥-FGHIJ-INS')],
      ['broken percent escape', '%E0%A4%A'],
      ['non-UTF-8 escape', '%FF%FE'],
      ['SQL-ish', "ABCDE'%20OR%201%3D1--"],
    ] as const;
    const ACCEPTED_REASONS = [
      'XCOVER_PATH_INVALID',
      'XCOVER_ROUTE_NOT_FOUND',
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    ];

    it.each(TRICKS)('answers %s with 404, never a 5xx', async (_label, id) => {
      const requests: [string, string, unknown][] = [
        ['GET', `${P}/quotes/${id}/`, undefined],
        ['GET', `${P}/bookings/${id}/`, undefined],
        [
          'POST',
          `${P}/bookings/${id}/`,
          {
            quotes: [{ id: '03c6a538-f9db-4426-b88c-0e30f6988b0d' }],
            policyholder: { first_name: 'A', last_name: 'B', email: 'a@b.co' },
          },
        ],
        ['POST', `${P}/bookings/${id}/cancel`, {}],
      ];
      for (const [method, path, body] of requests) {
        const response = await call(method, path, body);
        const text = await response.text();
        expect({ method, status: response.status, text }).toMatchObject({ method, status: 404 });
        expect(ACCEPTED_REASONS).toContain(response.headers.get('x-sandbox-reason'));
        expect(JSON.parse(text)).toEqual({ type: 'not_found', message: 'Not found.', errors: [] });
      }
    });
  });

  it('answers a query that breaks the spec with 422 naming the parameter', async () => {
    expect(
      await expectRejected(await call('GET', `${P}/bookings/?limit=many`), 422, 'XCOVER_QUERY_INVALID'),
    ).toEqual({ ...VALIDATION, errors: { limit: ['A valid integer is required.'] } });
  });

  it('answers an idempotency key longer than the spec allows with 422 naming the header', async () => {
    const response = await call('POST', `${P}/instant_booking/`, instantBookingBody(), {
      idempotencyKey: 'k'.repeat(256),
    });
    expect(await expectRejected(response, 422, 'XCOVER_HEADER_INVALID')).toEqual({
      ...VALIDATION,
      errors: { 'x-idempotency-key': ['Ensure this field has no more than 255 characters.'] },
    });
  });

  it('answers a path whose only fault is its trailing slash with 404 saying so', async () => {
    for (const path of [`${P}/quotes`, `${P}/bookings/ABCDE-FGHIJ-INS/cancel/`]) {
      const body = await expectRejected(await call('POST', path, quoteBody()), 404, 'XCOVER_TRAILING_SLASH');
      expect(body).toEqual({ type: 'not_found', message: 'Not found.', errors: [] });
    }
  });

  it('answers an unknown route with 404', async () => {
    for (const path of [
      `${P}/nowhere/`,
      '/y/partners/LLODT/quotes/',
      `${P}/quotes/ABCDE-FGHIJ-INS/extra/`,
      '/x/',
      '/',
    ]) {
      const body = await expectRejected(await call('GET', path), 404, 'XCOVER_ROUTE_NOT_FOUND');
      expect(body).toEqual({ type: 'not_found', message: 'Not found.', errors: [] });
    }
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const onQuotes = await call('DELETE', QUOTES);
    expect(onQuotes.headers.get('allow')).toBe('POST');
    expect(await expectRejected(onQuotes, 405, 'XCOVER_METHOD_NOT_ALLOWED')).toEqual({
      type: 'method_not_allowed',
      message: 'Method "DELETE" not allowed.',
      errors: [],
    });
    const onBooking = await call('DELETE', `${P}/bookings/ABCDE-FGHIJ-INS/`);
    await expectRejected(onBooking, 405, 'XCOVER_METHOD_NOT_ALLOWED');
    expect(onBooking.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'PATCH', 'POST']);
  });

  it('never answers an arbitrary JSON create-quote body with a 5xx, and stores nothing it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const before = await packageCount(sandbox.x);
        const response = await call('POST', QUOTES, value);
        await response.arrayBuffer();
        expect(response.status).toBeLessThan(500);
        if (response.status !== 201) expect(await packageCount(sandbox.x)).toBe(before);
        else packagesBefore += 1;
      }),
      { numRuns: 100 },
    );
  });

  it('never answers a quote item with arbitrary field values with a 5xx', async () => {
    const fields = [
      'policy_start_date',
      'event_datetime',
      'policy_end_date',
      'tickets',
      'number_of_tickets',
      'policy_type',
      'policy_type_version',
      'event_name',
      'price',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
        async (overrides) => {
          const before = await packageCount(sandbox.x);
          const response = await call('POST', QUOTES, quoteBody([quoteItem(overrides)]));
          await response.arrayBuffer();
          expect(response.status).toBeLessThan(500);
          if (response.status !== 201) expect(await packageCount(sandbox.x)).toBe(before);
          else packagesBefore += 1;
        },
      ),
      { numRuns: 100 },
    );
  });
});
