/**
 * Every state transition of the XCover mock over signed HTTP: quotes, bookings (direct, pending payment,
 * instant), listing, quote edits, booking modification (direct and priced), cancellation (preview,
 * confirmation, expiry, immediate, partial), emails, instalments, opt-out, unknown ids and renewals.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { XCOVER_SPEC_PATH } from '../../../mocks/xcover/catalogue';
import {
  expectAnswered,
  addFault,
  expectRejected,
  jsonOf,
  instantBookingBody,
  P,
  POLICYHOLDER,
  quoteBody,
  quoteItem,
  setClock,
  startXCover,
  useXCoverSandbox,
  xcoverFetch,
  type BookingView,
  type QuotePackageView,
  packageCount,
} from '../../helpers/xcover';

interface CancellationView {
  id: string;
  status: string;
  cancellation_id: string | null;
  confirm_before: string | null;
  total_price: number;
  total_refund: number;
  quotes: { id: string; status: string }[];
}

interface BookingList {
  count: number;
  next: string | null;
  previous: string | null;
  results: BookingView[];
}

const FROZEN = '2030-01-02T03:04:05Z';

describe('XCover mock: flows', () => {
  const sandbox = useXCoverSandbox();

  const { call } = sandbox;

  async function createQuote(items = [quoteItem()]): Promise<QuotePackageView> {
    return expectAnswered<QuotePackageView>(call('POST', `${P}/quotes/`, quoteBody(items)), 201);
  }

  const quoteIds = (pkg: QuotePackageView) => Object.values(pkg.quotes).map((quote) => quote.id);

  async function book(extra: Record<string, unknown> = {}, items = [quoteItem()]) {
    const pkg = await createQuote(items);
    const booking = await expectAnswered<BookingView>(
      call('POST', `${P}/bookings/${pkg.id}/`, {
        quotes: quoteIds(pkg).map((id) => ({ id })),
        policyholder: POLICYHOLDER,
        ...extra,
      }),
      200,
    );
    return booking;
  }

  const instant = (items = [quoteItem()]) =>
    expectAnswered<BookingView>(call('POST', `${P}/instant_booking/`, instantBookingBody(items)), 200);
  const getBooking = (id: string) => expectAnswered<BookingView>(call('GET', `${P}/bookings/${id}/`), 200);

  describe('quotes and bookings', () => {
    it('books a quote: RECEIVED -> CONFIRMED', async () => {
      const pkg = await createQuote();
      expect(pkg.status).toBe('RECEIVED');
      expect(pkg.id).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$/);
      const booking = await book();
      expect(booking.status).toBe('CONFIRMED');
      expect(booking.quotes.map((quote) => quote.status)).toEqual(['CONFIRMED']);
      expect((await getBooking(booking.id)).status).toBe('CONFIRMED');
      const asQuote = await expectAnswered<QuotePackageView>(call('GET', `${P}/quotes/${booking.id}/`), 200);
      expect(asQuote.status).toBe('CONFIRMED');
    });

    it('books with require_payment_confirmation: PENDING_PAYMENT -> confirm -> CONFIRMED, once', async () => {
      const pending = await book({ require_payment_confirmation: true });
      expect(pending.status).toBe('PENDING_PAYMENT');
      expect(pending.quotes.map((quote) => quote.status)).toEqual(['PENDING_PAYMENT']);
      const confirmed = await expectAnswered<BookingView>(
        call('PUT', `${P}/bookings/${pending.id}/confirm`, {}),
        201,
      );
      expect(confirmed.status).toBe('CONFIRMED');
      expect(confirmed.quotes.map((quote) => quote.status)).toEqual(['CONFIRMED']);
      const again = await expectRejected(
        await call('PUT', `${P}/bookings/${pending.id}/confirm`, {}),
        422,
        'XCOVER_STATUS_TRANSITION_REFUSED',
      );
      expect(again).toEqual({
        type: 'validation_error',
        message: 'An API error occurred.',
        errors: ['Status change not allowed for QuotePackage in status CONFIRMED'],
      });
    });

    it('refuses to book a booked package again', async () => {
      const booking = await book();
      await expectRejected(
        await call('POST', `${P}/bookings/${booking.id}/`, {
          quotes: booking.quotes.map(({ id }) => ({ id })),
          policyholder: POLICYHOLDER,
        }),
        422,
        'XCOVER_STATUS_TRANSITION_REFUSED',
      );
    });

    it('books instantly, under /xcover too', async () => {
      const booking = await instant();
      expect(booking.status).toBe('CONFIRMED');
      expect(booking.total_price).toBe(2.01);
      const alias = await expectAnswered<BookingView>(
        xcoverFetch(sandbox.x.url, 'POST', '/xcover/partners/LLODT/instant_booking/', instantBookingBody()),
        200,
      );
      expect(alias.status).toBe('CONFIRMED');
      expect((await getBooking(alias.id)).policyholder).toMatchObject({ email: POLICYHOLDER.email });
    });

    it('lists bookings newest first with limit/offset and DRF next/previous URLs', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 3; index++) ids.push((await instant()).id);
      await createQuote(); // a quote that is not a booking stays out of the list
      const base = `${sandbox.x.url}${P}/bookings/`;

      const first = await expectAnswered<BookingList>(call('GET', `${P}/bookings/?limit=2`), 200);
      expect(first.count).toBe(3);
      expect(first.results.map((booking) => booking.id)).toEqual([ids[2], ids[1]]);
      expect(first.next).toBe(`${base}?limit=2&offset=2`);
      expect(first.previous).toBeNull();

      const last = await expectAnswered<BookingList>(call('GET', `${P}/bookings/?limit=2&offset=2`), 200);
      expect(last.results.map((booking) => booking.id)).toEqual([ids[0]]);
      expect(last.next).toBeNull();
      expect(last.previous).toBe(`${base}?limit=2`);

      const middle = await expectAnswered<BookingList>(call('GET', `${P}/bookings/?limit=1&offset=1`), 200);
      expect(middle.results.map((booking) => booking.id)).toEqual([ids[1]]);
      expect(middle.next).toBe(`${base}?limit=1&offset=2`);
      expect(middle.previous).toBe(`${base}?limit=1`);

      const all = await expectAnswered<BookingList>(call('GET', `${P}/bookings/`), 200);
      expect(all).toMatchObject({ count: 3, next: null, previous: null });
      expect(all.results).toHaveLength(3);

      // DRF falls back to its default page size for limit=0 (no page that points at itself).
      const zero = await expectAnswered<BookingList>(call('GET', `${P}/bookings/?limit=0`), 200);
      expect(zero).toMatchObject({ count: 3, next: null, previous: null });

      const detailed = await getBooking(ids[0] as string);
      expect(detailed).toMatchObject({ id: ids[0], customer_language: 'en', partner: { id: 'LLODT' } });
    });
  });

  describe('quote packages', () => {
    it('updates a quote (PATCH): the changed quote is priced again', async () => {
      const pkg = await createQuote();
      const [quoteId] = quoteIds(pkg);
      const updated = await expectAnswered<QuotePackageView>(
        call('PATCH', `${P}/quotes/${pkg.id}/`, {
          request: [{ quote_id: quoteId, tickets: [{ price: 500 }] }],
          customer_region: 'Manchester',
        }),
        200,
      );
      // 2 x 500 insured: premium 4.50, IPT 0.54, admin fee 1.00.
      expect(updated.quotes['0']).toMatchObject({ id: quoteId, price: 6.04 });
      expect(updated.total_price).toBe(6.04);
      const read = await expectAnswered<QuotePackageView>(call('GET', `${P}/quotes/${pkg.id}/`), 200);
      expect(read.total_price).toBe(6.04);
    });

    it('adds quotes (the new one first) and deletes them, but never the last one', async () => {
      const pkg = await createQuote();
      const [original] = quoteIds(pkg);
      const added = await expectAnswered<QuotePackageView>(
        call('POST', `${P}/quotes/${pkg.id}/add/`, { request: [quoteItem({ event_name: 'Coldplay' })] }),
        201,
      );
      const ids = quoteIds(added);
      expect(ids).toHaveLength(2);
      expect(ids[1]).toBe(original);
      expect(ids[0]).not.toBe(original);
      expect(added.total_price).toBe(4.02);

      const pruned = await expectAnswered<QuotePackageView>(
        call('POST', `${P}/quotes/${pkg.id}/delete/`, { quotes: [{ id: original }] }),
        200,
      );
      expect(quoteIds(pruned)).toEqual([ids[0]]);

      const refused = await expectRejected(
        await call('POST', `${P}/quotes/${pkg.id}/delete/`, { quotes: [{ id: ids[0] }] }),
        422,
        'XCOVER_LAST_QUOTE',
      );
      expect(refused.errors).toEqual(['A quote package must keep at least one quote.']);
      const read = await expectAnswered<QuotePackageView>(call('GET', `${P}/quotes/${pkg.id}/`), 200);
      expect(quoteIds(read)).toEqual([ids[0]]);
    });
  });

  describe('booking modification', () => {
    it('modifies the policyholder phone, and refuses one without "+" changing nothing', async () => {
      const booking = await book();
      const modified = await expectAnswered<BookingView>(
        call('PATCH', `${P}/bookings/${booking.id}/`, { policyholder: { phone: '+447700900123' } }),
        200,
      );
      expect(modified.policyholder).toMatchObject({ phone: '+447700900123', email: POLICYHOLDER.email });
      const refused = await expectRejected(
        await call('PATCH', `${P}/bookings/${booking.id}/`, { policyholder: { phone: '447700900999' } }),
        422,
        'XCOVER_BODY_INVALID',
      );
      expect(refused).toEqual({
        type: 'validation_error',
        message: 'An API error occurred.',
        errors: { policyholder: { phone: ['The phone number should start with "+" character'] } },
      });
      expect((await getBooking(booking.id)).policyholder.phone).toBe('+447700900123');
    });

    it('prices an update, leaves the booking alone until confirmed, confirms it once', async () => {
      const booking = await book();
      const quoteId = booking.quotes[0]?.id as string;
      const preview = await expectAnswered<BookingView & { update_id: string; total_price_diff: number }>(
        call('PATCH', `${P}/bookings/${booking.id}/quote_for_update`, {
          quotes: [{ id: quoteId, update_fields: { tickets: [{ price: 500 }] } }],
        }),
        200,
      );
      expect(preview.update_id).toMatch(/^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-UPD$/);
      expect(preview.total_price_diff).toBe(4.03);
      expect(preview.quotes[0]).toMatchObject({ price: 6.04, price_diff: 4.03 });
      expect((await getBooking(booking.id)).quotes[0]?.price).toBe(2.01);

      const confirmUpdate = `${P}/bookings/${booking.id}/confirm_update/${preview.update_id}/`;
      const confirmed = await expectAnswered<BookingView & { total_price_diff: number }>(
        call('POST', confirmUpdate, {}),
        201,
      );
      expect(confirmed.quotes[0]?.price).toBe(6.04);
      expect(confirmed.quotes[0]?.policy_end_date).toBe(booking.quotes[0]?.policy_end_date);
      expect(confirmed.total_price_diff).toBe(4.03);
      expect((await getBooking(booking.id)).total_price).toBe(6.04);

      const again = await expectRejected(
        await call('POST', confirmUpdate, {}),
        404,
        'XCOVER_UPDATE_NOT_FOUND',
      );
      expect(again).toEqual({ type: 'not_found', message: 'Not found.', errors: [] });
    });
  });

  describe('cancellation', () => {
    it('previews, confirms, then refuses to cancel again', async () => {
      await setClock(sandbox.x.url, { now: FROZEN });
      const booking = await book();
      const preview = await expectAnswered<CancellationView>(
        call('POST', `${P}/bookings/${booking.id}/cancel`, { preview: true }),
        200,
      );
      expect(preview.status).toBe('CANCELLED');
      expect(preview.cancellation_id).toMatch(/^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-CCL$/);
      expect(preview.confirm_before).toBe('2030-01-03T03:04:05.000000Z');
      expect(preview.total_refund).toBe(2.01);
      expect((await getBooking(booking.id)).status).toBe('CONFIRMED');

      const done = await expectAnswered<CancellationView>(
        call('POST', `${P}/bookings/${booking.id}/confirm_cancellation/${preview.cancellation_id}/`, {}),
        200,
      );
      expect(done).toMatchObject({ status: 'CANCELLED', cancellation_id: null, confirm_before: null });
      expect((await getBooking(booking.id)).status).toBe('CANCELLED');

      const again = await expectRejected(
        await call('POST', `${P}/bookings/${booking.id}/cancel`, {}),
        422,
        'XCOVER_STATUS_TRANSITION_REFUSED',
      );
      expect(again).toEqual({
        type: 'validation_error',
        message: 'An API error occurred.',
        errors: ['Status change not allowed for QuotePackage in status CANCELLED'],
      });
    });

    it('refuses to confirm a preview after confirm_before (sandbox clock +25 h)', async () => {
      const booking = await book();
      const preview = await expectAnswered<CancellationView>(
        call('POST', `${P}/bookings/${booking.id}/cancel`, { preview: true }),
        200,
      );
      await setClock(sandbox.x.url, { advanceSeconds: 25 * 3600 });
      await expectRejected(
        await call(
          'POST',
          `${P}/bookings/${booking.id}/confirm_cancellation/${preview.cancellation_id}/`,
          {},
        ),
        422,
        'XCOVER_CANCELLATION_EXPIRED',
      );
      expect((await getBooking(booking.id)).status).toBe('CONFIRMED');
    });

    it('refuses an unknown cancellation id', async () => {
      const booking = await book();
      await expectRejected(
        await call('POST', `${P}/bookings/${booking.id}/confirm_cancellation/abcde-FGHIJ-12345-CCL/`, {}),
        404,
        'XCOVER_CANCELLATION_NOT_FOUND',
      );
    });

    it('cancels at once', async () => {
      const booking = await book();
      const done = await expectAnswered<CancellationView>(
        call('POST', `${P}/bookings/${booking.id}/cancel`, {}),
        200,
      );
      expect(done).toMatchObject({ status: 'CANCELLED', cancellation_id: null, total_refund: 2.01 });
      const read = await getBooking(booking.id);
      expect(read.status).toBe('CANCELLED');
      expect(read.quotes.map((quote) => quote.status)).toEqual(['CANCELLED']);
    });

    it('cancels one quote of two', async () => {
      const booking = await instant([quoteItem(), quoteItem({ tickets: [{ price: 500 }] })]);
      const [first, second] = booking.quotes.map((quote) => quote.id);
      const done = await expectAnswered<CancellationView>(
        call('POST', `${P}/bookings/${booking.id}/cancel`, {
          quotes: [{ id: first }],
          reason_for_cancellation: 'Changed my mind',
        }),
        200,
      );
      expect(done.status).toBe('CONFIRMED');
      expect(done.total_refund).toBe(2.01);
      const read = await getBooking(booking.id);
      expect(read.status).toBe('CONFIRMED');
      expect(read.quotes.map((quote) => [quote.id, quote.status])).toEqual([
        [first, 'CANCELLED'],
        [second, 'CONFIRMED'],
      ]);
      expect(read.total_price).toBe(6.04);
    });
  });

  it('sends emails: {} -> 202, BOOKING_CANCELLED only once the booking is cancelled', async () => {
    const booking = await book();
    const email = `${P}/bookings/${booking.id}/send_email`;
    expect(await expectAnswered(call('POST', email, {}), 202)).toBeUndefined();
    const refused = await expectRejected(
      await call('POST', email, { event: 'BOOKING_CANCELLED' }),
      422,
      'XCOVER_EMAIL_EVENT_REFUSED',
    );
    expect(refused).toEqual({
      type: 'validation_error',
      message: 'An API error occurred.',
      errors: ['BOOKING_CANCELLED email can be only triggered for CANCELLED bookings.'],
    });
    await expectAnswered(call('POST', `${P}/bookings/${booking.id}/cancel`, {}), 200);
    await expectAnswered(call('POST', email, { event: 'BOOKING_CANCELLED' }), 202);
  });

  it('books on instalments, reports a payment, shows it paid', async () => {
    const pkg = await createQuote();
    const [quoteId] = quoteIds(pkg);
    await expectAnswered(
      call('POST', `${P}/bookings/${pkg.id}/`, {
        quotes: [{ id: quoteId, instalment_plan: '1year-monthly' }],
        policyholder: POLICYHOLDER,
      }),
      200,
    );
    type Schedule = { quotes: { id: string; payment_schedule: { number: number; status: string }[] }[] };
    const before = await expectAnswered<Schedule>(call('GET', `${P}/bookings/${pkg.id}/instalments/`), 200);
    const schedule = before.quotes[0]?.payment_schedule ?? [];
    expect(before.quotes[0]?.id).toBe(quoteId);
    expect(schedule).toHaveLength(12);
    expect(schedule.map((instalment) => instalment.status)).toEqual(['PAID', ...Array(11).fill('UNPAID')]);

    expect(
      await expectAnswered(
        call('POST', `${P}/bookings/${pkg.id}/instalments/`, {
          quotes: [{ id: quoteId, instalment_number: 2, payment_status: 'PAID' }],
        }),
        204,
      ),
    ).toBeUndefined();
    const after = await expectAnswered<Schedule>(call('GET', `${P}/bookings/${pkg.id}/instalments/`), 200);
    expect(after.quotes[0]?.payment_schedule.slice(0, 3).map((instalment) => instalment.status)).toEqual([
      'PAID',
      'PAID',
      'UNPAID',
    ]);
  });

  it('moves the policy period when a confirmed update changes the event date', async () => {
    const booking = await book();
    const quoteId = booking.quotes[0]?.id as string;
    const preview = await expectAnswered<{ update_id: string }>(
      call('PATCH', `${P}/bookings/${booking.id}/quote_for_update`, {
        quotes: [{ id: quoteId, update_fields: { event_datetime: '2031-01-02T03:04:05Z' } }],
      }),
      200,
    );
    const confirmed = await expectAnswered<BookingView>(
      call('POST', `${P}/bookings/${booking.id}/confirm_update/${preview.update_id}/`, {}),
      201,
    );
    expect(confirmed.quotes[0]?.policy_end_date).toBe('2031-01-02T03:04:05+00:00');
  });

  it('refuses instalment payments on a cancelled booking, changing nothing', async () => {
    const pkg = await createQuote();
    const [quoteId] = quoteIds(pkg);
    await expectAnswered(
      call('POST', `${P}/bookings/${pkg.id}/`, {
        quotes: [{ id: quoteId, instalment_plan: '1year-quarterly' }],
        policyholder: POLICYHOLDER,
      }),
      200,
    );
    await expectAnswered(call('POST', `${P}/bookings/${pkg.id}/cancel`, {}), 200);
    await expectRejected(
      await call('POST', `${P}/bookings/${pkg.id}/instalments/`, {
        quotes: [{ id: quoteId, instalment_number: 2, payment_status: 'PAID' }],
      }),
      422,
      'XCOVER_STATUS_TRANSITION_REFUSED',
    );
  });

  it('sets provider states through the control surface, refusing ids XCover would never issue', async () => {
    const state = (params: Record<string, unknown>) =>
      fetch(`${sandbox.x.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state: 'a confirmed booking exists', params }),
      });
    const created = (await (await state({ quote_package_id: 'ABCDE-12345-INS' })).json()) as Record<
      string,
      string
    >;
    expect(created).toMatchObject({ quote_package_id: 'ABCDE-12345-INS' });
    expect((await getBooking('ABCDE-12345-INS')).status).toBe('CONFIRMED');
    const refused = await state({ quote_package_id: '../etc' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_INVALID');
    expect(await packageCount(sandbox.x)).toBe(1);
  });

  it('forgets the oldest quote packages past maxQuotePackages, keeping memory bounded', async () => {
    const small = await startXCover({ maxQuotePackages: 2 });
    try {
      const created: string[] = [];
      for (let index = 0; index < 3; index++) {
        const response = await xcoverFetch(small.url, 'POST', `${P}/quotes/`, quoteBody());
        created.push((await jsonOf<QuotePackageView>(response)).id);
      }
      const status = async (id: string) => (await xcoverFetch(small.url, 'GET', `${P}/quotes/${id}/`)).status;
      expect(await Promise.all(created.map(status))).toEqual([404, 200, 200]);
    } finally {
      await small.server.close();
    }
  });

  it('refuses an instalment plan the quote does not offer, and payments outside the schedule', async () => {
    const pkg = await createQuote();
    const [quoteId] = quoteIds(pkg);
    const plan = await expectRejected(
      await call('POST', `${P}/bookings/${pkg.id}/`, {
        quotes: [{ id: quoteId, instalment_plan: '1week-daily' }],
        policyholder: POLICYHOLDER,
      }),
      422,
      'XCOVER_INSTALMENT_PLAN_UNKNOWN',
    );
    expect(plan.errors).toEqual({ quotes: [{ instalment_plan: ['"1week-daily" is not a valid choice.'] }] });
    expect((await expectAnswered<QuotePackageView>(call('GET', `${P}/quotes/${pkg.id}/`), 200)).status).toBe(
      'RECEIVED',
    );
    await expectRejected(
      await call('GET', `${P}/bookings/${pkg.id}/`),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );

    const booking = await book();
    const withoutSchedule = await expectRejected(
      await call('POST', `${P}/bookings/${booking.id}/instalments/`, {
        quotes: [{ id: booking.quotes[0]?.id, instalment_number: 1, payment_status: 'PAID' }],
      }),
      422,
      'XCOVER_INSTALMENT_INVALID',
    );
    expect(withoutSchedule.errors).toEqual([`Quote ${booking.quotes[0]?.id} has no payment schedule.`]);
  });

  it('answers injected faults as XCover (4xx) or its gateway (5xx) would, and unknown provider states with 400', async () => {
    await addFault(sandbox.x.url, { operationId: 'getQuote', status: 429, times: 1 });
    const pkg = await createQuote();
    const throttled = await expectRejected(
      await call('GET', `${P}/quotes/${pkg.id}/`),
      429,
      'XCOVER_FAULT_INJECTED',
    );
    expect(throttled).toEqual({ type: 'throttled', message: 'Injected fault.', errors: [] });
    expect((await call('GET', `${P}/quotes/${pkg.id}/`)).status).toBe(200);
    // A 5xx comes from the gateway in front of XCover, which answered staging's 502s with `{}`.
    await addFault(sandbox.x.url, { operationId: 'getQuote', status: 502, times: 1 });
    expect(
      await expectRejected(await call('GET', `${P}/quotes/${pkg.id}/`), 502, 'XCOVER_FAULT_INJECTED'),
    ).toEqual({});

    const unknown = await fetch(`${sandbox.x.url}/__sandbox/provider-states`, {
      method: 'POST',
      body: JSON.stringify({ state: 'a renewal exists' }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-sandbox-reason')).toBe('XCOVER_PROVIDER_STATE_UNKNOWN');
  });

  it('opts out: 204, the quote reads OPTED_OUT and can no longer be booked', async () => {
    const pkg = await createQuote();
    expect(await expectAnswered(call('POST', `${P}/bookings/${pkg.id}/opt_out`, {}), 204)).toBeUndefined();
    expect((await expectAnswered<QuotePackageView>(call('GET', `${P}/quotes/${pkg.id}/`), 200)).status).toBe(
      'OPTED_OUT',
    );
    const refused = await expectRejected(
      await call('POST', `${P}/bookings/${pkg.id}/`, {
        quotes: quoteIds(pkg).map((id) => ({ id })),
        policyholder: POLICYHOLDER,
      }),
      422,
      'XCOVER_STATUS_TRANSITION_REFUSED',
    );
    expect(refused.errors).toEqual(['Status change not allowed for QuotePackage in status OPTED_OUT']);
    const list = await expectAnswered<BookingList>(call('GET', `${P}/bookings/`), 200);
    expect(list.count).toBe(0);
  });

  it.each([
    ['GET', `${P}/quotes/ZZZZZ-ZZZZZ-INS/`, undefined],
    ['PATCH', `${P}/quotes/ZZZZZ-ZZZZZ-INS/`, { customer_region: 'London' }],
    ['GET', `${P}/bookings/ZZZZZ-ZZZZZ-INS/`, undefined],
    [
      'POST',
      `${P}/bookings/ZZZZZ-ZZZZZ-INS/`,
      { quotes: [{ id: '03c6a538-f9db-4426-b88c-0e30f6988b0d' }], policyholder: POLICYHOLDER },
    ],
    ['PUT', `${P}/bookings/ZZZZZ-ZZZZZ-INS/confirm`, {}],
    ['POST', `${P}/bookings/ZZZZZ-ZZZZZ-INS/cancel`, {}],
    ['POST', `${P}/bookings/ZZZZZ-ZZZZZ-INS/send_email`, {}],
    ['GET', `${P}/bookings/ZZZZZ-ZZZZZ-INS/instalments/`, undefined],
    ['POST', `${P}/bookings/ZZZZZ-ZZZZZ-INS/opt_out`, {}],
  ])(
    'answers %s %s for an unknown id with 404 XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    async (method, path, body) => {
      const refused = await expectRejected(
        await call(method, path, body),
        404,
        'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
      );
      expect(refused).toEqual({ type: 'not_found', message: 'Not found.', errors: [] });
    },
  );

  describe('renewals (answered from the spec examples by Prism)', () => {
    const spec = parseYaml(readFileSync(XCOVER_SPEC_PATH, 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
    };
    const exampleOf = (path: string, method: string, status: string): unknown => {
      const response = spec.paths[path]?.[method]?.responses[status] as
        { content?: { 'application/json'?: { example?: unknown } } } | undefined;
      return response?.content?.['application/json']?.example;
    };

    // Prism loads and reads the spec on its first answer (seconds on a loaded machine): once here, with a
    // budget of its own, not inside the first test's 20 s.
    beforeAll(async () => {
      await (await call('POST', `${P}/renewals/ELJHV-UVKB7-INS/opt_out/`, {})).text();
    }, 120_000);

    it.each([
      [
        'PATCH',
        '/renewals/ELJHV-UVKB7-INS/quote_for_renewal/',
        '/partners/{partner_code}/renewals/{quote_package_id}/quote_for_renewal/',
        {},
        200,
      ],
      [
        'POST',
        '/renewals/ELJHV-UVKB7-INS/confirm/IvtoW-zEZqf-REN/',
        '/partners/{partner_code}/renewals/{quote_package_id}/confirm/{renewal_id}/',
        {},
        200,
      ],
      [
        'PATCH',
        '/renewals/IvtoW-zEZqf-REN/confirmation',
        '/partners/{partner_code}/renewals/{renewal_id}/confirmation',
        { paid_on: '2019-12-20 02:42:12Z' },
        202,
      ],
      [
        'POST',
        '/renewals/ELJHV-UVKB7-INS/opt_out/',
        '/partners/{partner_code}/renewals/{quote_package_id}/opt_out/',
        {},
        204,
      ],
    ] as const)('%s %s -> the spec example', async (method, path, template, body, status) => {
      const response = await call(method, `${P}${path}`, body);
      expect(response.status).toBe(status);
      expect(response.headers.get('x-sandbox-reason')).toBeNull();
      const example = exampleOf(template, method.toLowerCase(), String(status));
      const text = await response.text();
      if (example === undefined) expect(text).toBe('');
      else expect(JSON.parse(text)).toEqual(example);
    });
  });
});
