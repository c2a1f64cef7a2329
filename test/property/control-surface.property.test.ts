/**
 * Whatever sequence of control-surface requests a client sends (clock values of any type and size, faults
 * with random fields, provider states with random names and params, journal filters, resets), no answer is
 * a 5xx, control or API, unless an injected fault asked for that status; and the sandbox keeps answering
 * signed requests afterwards. Over real HTTP against an in-process XCover sandbox.
 */
import fc from 'fast-check';
import { MAX_ADVANCE_SECONDS } from '../../mocks/runtime/control-inputs';
import { xcoverProviderStates } from '../../mocks/xcover/provider-states';
import { P, quoteBody, startXCover, xcoverFetch, type XCoverSandbox } from '../helpers/xcover';

interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
}

const json = (value: unknown): string => JSON.stringify(value) ?? 'null';

/** Any JSON value, and the values that broke parsers before: huge, tiny, non-finite as text, prototype names. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(1e15, 8.64e12, 1e300, -1e300, 2 ** 53, -0, 0.5, '', '__proto__', 'constructor', null),
);

const clockChange: fc.Arbitrary<ControlRequest> = fc
  .oneof(
    fc.record({
      now: fc.oneof(
        fc
          .date({ min: new Date(-1e14), max: new Date(3e14), noInvalidDate: true })
          .map((date) => date.toISOString()),
        fc.constantFrom('2020', '2030-01-02', 'Wed, 02 Jan 2030 03:04:05 GMT', '2016-12-31T23:59:60Z'),
        oddValue,
      ),
    }),
    fc.record({
      advanceSeconds: fc.oneof(
        fc.constantFrom(1e15, 8.64e12, 1e300, -1e300, MAX_ADVANCE_SECONDS, -MAX_ADVANCE_SECONDS),
        fc.double(),
        fc.integer({ min: -MAX_ADVANCE_SECONDS, max: MAX_ADVANCE_SECONDS }),
        oddValue,
      ),
    }),
    fc.record({ real: oddValue }),
    oddValue,
  )
  .map((body) => ({ method: 'POST', path: '/clock', body: json(body) }));

const operationIds = ['createQuote', 'getQuote', 'listBookings', 'createBooking', 'instantBooking', 'nope'];

/** Faults with random fields; never one that holds (nothing would release it) or waits more than 5 ms. */
const fault: fc.Arbitrary<ControlRequest> = fc
  .record(
    {
      method: fc.oneof(fc.constantFrom('GET', 'post', 'PATCH'), oddValue),
      operationId: fc.oneof(fc.constantFrom(...operationIds), oddValue),
      pathContains: fc.oneof(fc.constantFrom('/quotes', '/bookings', ''), oddValue),
      status: fc.oneof(fc.integer({ min: 100, max: 700 }), oddValue),
      body: oddValue,
      delayMs: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 60_001, 1.5, '10', null)),
      times: fc.oneof(fc.integer({ min: -1, max: 3 }), oddValue),
      hold: fc.oneof(
        fc.constant(false),
        oddValue.filter((value) => value !== true),
      ),
    },
    { requiredKeys: [] },
  )
  .map((body) => ({ method: 'POST', path: '/faults', body: json(body) }));

const providerState: fc.Arbitrary<ControlRequest> = fc
  .record(
    {
      state: fc.oneof(
        fc.constantFrom(...Object.keys(xcoverProviderStates), 'constructor', 'toString', '__proto__'),
        oddValue,
      ),
      params: fc.oneof(fc.dictionary(fc.string({ maxLength: 20 }), oddValue, { maxKeys: 4 }), oddValue),
    },
    { requiredKeys: [] },
  )
  .map((body) => ({ method: 'POST', path: '/provider-states', body: json(body) }));

const filterNames = ['since', 'status', 'reason', 'operationId', 'method', 'pathContains', 'limit', 'x'];
const journalQuery: fc.Arbitrary<ControlRequest> = fc
  .array(fc.tuple(fc.constantFrom(...filterNames), fc.oneof(fc.string(), fc.integer().map(String))), {
    maxLength: 4,
  })
  .map((pairs) => ({
    method: 'GET',
    path: `/requests?${pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`,
  }));

const simple: fc.Arbitrary<ControlRequest> = fc.constantFrom(
  { method: 'POST', path: '/reset' },
  { method: 'GET', path: '/faults' },
  { method: 'DELETE', path: '/faults' },
  { method: 'GET', path: '/clock' },
  { method: 'POST', path: '/faults/1/release' },
  { method: 'GET', path: '/nowhere' },
);

const controlRequest = fc.oneof(
  { arbitrary: clockChange, weight: 3 },
  { arbitrary: fault, weight: 2 },
  { arbitrary: providerState, weight: 2 },
  { arbitrary: journalQuery, weight: 1 },
  { arbitrary: simple, weight: 1 },
);

describe('the control surface under random inputs', () => {
  let x: XCoverSandbox;
  beforeAll(async () => {
    x = await startXCover();
  });
  afterAll(() => x.server.close());

  it('never answers 5xx unless a fault asked for it, and signed requests still answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(controlRequest, { minLength: 1, maxLength: 8 }), async (requests) => {
        x.sandbox.reset();
        const serverErrors: unknown[] = [];
        for (const request of requests) {
          const answer = await fetch(`${x.url}/__sandbox${request.path}`, {
            method: request.method,
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          const text = await answer.text();
          if (answer.status >= 500) serverErrors.push({ request, status: answer.status, text });
        }
        for (const [method, path, body] of [
          ['GET', `${P}/bookings/`, undefined],
          ['POST', `${P}/quotes/`, quoteBody()],
        ] as const) {
          const answer = await xcoverFetch(x.url, method, path, body, { date: x.sandbox.clock.now() });
          const text = await answer.text();
          const faulted = answer.headers.get('x-sandbox-reason') === 'XCOVER_FAULT_INJECTED';
          if (answer.status >= 500 && !faulted)
            serverErrors.push({ method, path, status: answer.status, text });
        }
        expect(serverErrors).toEqual([]);
      }),
      { numRuns: 40 },
    );
    x.sandbox.reset();
  });
});
