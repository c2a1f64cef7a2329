/**
 * `x-idempotency-key` on the XCover mock over real HTTP: replay (409 with the original body), reuse with
 * another body (422), a duplicate in flight (423), retention on the sandbox clock, and no duplicate
 * booking under concurrent retries, with or without a key.
 */
import { holdRequests, releaseFault, waitUntilHeld } from '../../helpers/faults';
import {
  expectRejected,
  instantBookingBody,
  jsonOf,
  P,
  POLICYHOLDER,
  quoteBody,
  quoteItem,
  setClock,
  useXCoverSandbox,
  type BookingView,
  type QuotePackageView,
  packageCount,
} from '../../helpers/xcover';

const INSTANT = `${P}/instant_booking/`;

describe('XCover mock: idempotency keys', () => {
  const sandbox = useXCoverSandbox();

  const { call } = sandbox;
  const instant = (key: string, body: unknown = instantBookingBody()) =>
    call('POST', INSTANT, body, { idempotencyKey: key });
  const bookingCount = async () =>
    (await jsonOf<{ count: number }>(await call('GET', `${P}/bookings/`))).count;

  it('replays the same key and body: 409, the original body, X-Sandbox-Reason XCOVER_IDEMPOTENT_REPLAY', async () => {
    const first = await instant('key-replay');
    expect(first.status).toBe(200);
    const original = await first.text();
    const replay = await instant('key-replay');
    expect(replay.status).toBe(409);
    expect(replay.headers.get('x-sandbox-reason')).toBe('XCOVER_IDEMPOTENT_REPLAY');
    const replayed = await replay.text();
    expect(replayed).toBe(original);
    expect((JSON.parse(replayed) as BookingView).id).toBe((JSON.parse(original) as BookingView).id);
    expect(await bookingCount()).toBe(1);
  });

  it('treats the same request under the /xcover alias as the same request', async () => {
    const first = await instant('key-alias');
    expect(first.status).toBe(200);
    const alias = await call('POST', INSTANT.replace(/^\/x\//, '/xcover/'), instantBookingBody(), {
      idempotencyKey: 'key-alias',
    });
    expect(alias.status).toBe(409);
    expect(await bookingCount()).toBe(1);
  });

  it('replays a bodiless 204 as an empty 409', async () => {
    const pkg = await jsonOf<QuotePackageView>(await call('POST', `${P}/quotes/`, quoteBody()));
    const optOut = () => call('POST', `${P}/bookings/${pkg.id}/opt_out`, {}, { idempotencyKey: 'key-204' });
    expect((await optOut()).status).toBe(204);
    const replay = await optOut();
    expect(replay.status).toBe(409);
    expect(replay.headers.get('x-sandbox-reason')).toBe('XCOVER_IDEMPOTENT_REPLAY');
    expect(await replay.text()).toBe('');
  });

  it('refuses the same key with a different body: 422 XCOVER_IDEMPOTENCY_KEY_REUSED', async () => {
    expect((await instant('key-reused')).status).toBe(200);
    const other = instantBookingBody([quoteItem({ event_name: 'Coldplay' })]);
    const refused = await expectRejected(
      await instant('key-reused', other),
      422,
      'XCOVER_IDEMPOTENCY_KEY_REUSED',
    );
    expect(refused).toEqual({
      type: 'validation_error',
      message: 'This idempotency key was already used for a different request.',
      errors: [],
    });
    expect(await bookingCount()).toBe(1);
  });

  it('does not burn a key on a refused request: the corrected retry goes through', async () => {
    const pkg = await jsonOf<QuotePackageView>(await call('POST', `${P}/quotes/`, quoteBody()));
    const [quoteId] = Object.values(pkg.quotes).map((quote) => quote.id);
    const path = `${P}/bookings/${pkg.id}/`;
    await expectRejected(
      await call(
        'POST',
        path,
        { quotes: [{ id: '03c6a538-f9db-4426-b88c-0e30f6988b0d' }], policyholder: POLICYHOLDER },
        { idempotencyKey: 'key-retry' },
      ),
      422,
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
    );
    const fixed = await call(
      'POST',
      path,
      { quotes: [{ id: quoteId }], policyholder: POLICYHOLDER },
      { idempotencyKey: 'key-retry' },
    );
    expect(fixed.status).toBe(200);
    expect(await bookingCount()).toBe(1);
  });

  it('answers a duplicate that arrives while the first is in flight with 423', async () => {
    const hold = await holdRequests(sandbox.x.url, { operationId: 'instantBooking', times: 1 });
    const slow = instant('key-in-flight');
    await waitUntilHeld(sandbox.x.url, hold);
    const locked = await expectRejected(await instant('key-in-flight'), 423, 'XCOVER_IDEMPOTENCY_IN_FLIGHT');
    expect(locked).toEqual({
      type: 'locked',
      message: 'A request with this idempotency key is still being processed.',
      errors: [],
    });
    await releaseFault(sandbox.x.url, hold);
    expect((await slow).status).toBe(200);
    expect((await instant('key-in-flight')).status).toBe(409);
    expect(await bookingCount()).toBe(1);
  });

  it('keeps a key for 48 h of sandbox time, then forgets it', async () => {
    const first = await jsonOf<BookingView>(await instant('key-retention'));
    await setClock(sandbox.x.url, { advanceSeconds: 48 * 3600 - 60 });
    const stillKept = await instant('key-retention');
    expect(stillKept.status).toBe(409);
    expect((await jsonOf<BookingView>(stillKept)).id).toBe(first.id);

    await setClock(sandbox.x.url, { advanceSeconds: 61 });
    const fresh = await instant('key-retention');
    expect(fresh.status).toBe(200);
    expect((await jsonOf<BookingView>(fresh)).id).not.toBe(first.id);
    expect(await bookingCount()).toBe(2);
  });

  it('books once under 10 concurrent retries with the same key', async () => {
    // The first to get through is held in flight until released; the others meet it there or replay it.
    const hold = await holdRequests(sandbox.x.url, { operationId: 'instantBooking', times: 1 });
    const sent = Promise.all(Array.from({ length: 10 }, () => instant('key-storm')));
    await waitUntilHeld(sandbox.x.url, hold);
    await releaseFault(sandbox.x.url, hold);
    const responses = await sent;
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.every((status) => [200, 409, 423].includes(status))).toBe(true);
    const winner = responses.find((response) => response.status === 200) as Response;
    const { id } = await jsonOf<BookingView>(winner);
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect((await jsonOf<BookingView>(response)).id).toBe(id);
    }
    expect(await bookingCount()).toBe(1);
    expect(await packageCount(sandbox.x)).toBe(1);
  });

  it('books a quote package once under 10 concurrent createBooking calls without a key', async () => {
    const pkg = await jsonOf<QuotePackageView>(await call('POST', `${P}/quotes/`, quoteBody()));
    const quotes = Object.values(pkg.quotes).map(({ id }) => ({ id }));
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call('POST', `${P}/bookings/${pkg.id}/`, { quotes, policyholder: POLICYHOLDER }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 422)).toHaveLength(9);
    for (const response of responses.filter((candidate) => candidate.status === 422)) {
      expect(response.headers.get('x-sandbox-reason')).toBe('XCOVER_STATUS_TRANSITION_REFUSED');
    }
    expect(await bookingCount()).toBe(1);
  });
});
