/**
 * The `/__sandbox/` control surface over real HTTP, on the XCover mock: every input validated with its
 * range (a refusal is JSON `{"error"}` with a reason code, and changes nothing), faults that hold requests
 * until released, and the journal: the response beside the request, sandbox time, near misses.
 */
import { holdRequests, releaseFault, waitUntilHeld } from '../../helpers/faults';
import { P, quoteBody, setClock, useXCoverSandbox } from '../../helpers/xcover';

describe('the control surface', () => {
  const sandbox = useXCoverSandbox();
  const { call } = sandbox;
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.x.url}/__sandbox${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  /** Asserts a control refusal: status, reason code and a JSON `{"error"}` body; returns the message. */
  const refused = async (response: Response, status: number, reason: string): Promise<string> => {
    const body = (await response.json()) as { error: string };
    expect({ status: response.status, reason: response.headers.get('x-sandbox-reason') }).toEqual({
      status,
      reason,
    });
    expect(Object.keys(body)).toEqual(['error']);
    return body.error;
  };
  const clockNow = async () => ((await (await control('GET', '/clock')).json()) as { now: string }).now;
  const faults = async () =>
    ((await (await control('GET', '/faults')).json()) as { faults: { id: number; held: number }[] }).faults;

  describe('POST /__sandbox/clock', () => {
    it.each([
      { now: '2020' },
      { now: 'Wed, 02 Jan 2030 03:04:05 GMT' },
      { now: '2016-12-31T23:59:60Z' },
      { now: '1969-12-31T23:59:59Z' },
      { now: 0 },
      { advanceSeconds: 1e15 },
      { advanceSeconds: 8.64e12 },
      { advanceSeconds: 1e300 },
      { advanceSeconds: '60' },
      { real: false },
      { now: '2030-01-01T00:00:00Z', advanceSeconds: 1 },
    ])('refuses %j with 400 XCOVER_CONTROL_INVALID and leaves the clock as it was', async (change) => {
      await setClock(sandbox.x.url, { now: '2030-01-02T03:04:05Z' });
      await refused(await control('POST', '/clock', change), 400, 'XCOVER_CONTROL_INVALID');
      expect(await clockNow()).toBe('2030-01-02T03:04:05.000Z');
      expect((await call('GET', `${P}/bookings/`)).status).toBe(200);
    });

    it('refuses a move past year 9999, accepts one up to it, and signed requests still answer', async () => {
      await setClock(sandbox.x.url, { now: '9999-12-31T23:00:00Z' });
      await refused(await control('POST', '/clock', { advanceSeconds: 3600 }), 400, 'XCOVER_CONTROL_INVALID');
      await setClock(sandbox.x.url, { advanceSeconds: 3599 });
      expect(await clockNow()).toBe('9999-12-31T23:59:59.000Z');
      expect((await call('GET', `${P}/bookings/`)).status).toBe(200);
      await setClock(sandbox.x.url, { now: '1970-01-01T00:00:00+00:00' });
      expect((await call('GET', `${P}/bookings/`)).status).toBe(200);
    });

    it('refuses a control body over 64 KiB with 413 XCOVER_CONTROL_TOO_LARGE', async () => {
      const big = JSON.stringify({ now: 'x'.repeat(70 * 1024) });
      await refused(await control('POST', '/clock', big), 413, 'XCOVER_CONTROL_TOO_LARGE');
    });

    it('refuses malformed JSON', async () => {
      expect(
        await refused(await control('POST', '/clock', '{"now":'), 400, 'XCOVER_CONTROL_INVALID'),
      ).toMatch(/^malformed JSON/);
    });
  });

  describe('GET /__sandbox/requests', () => {
    it.each([
      'method=GET&method=POST',
      'status=200&status=201',
      'limit=-1',
      'limit=1e3',
      'since=abc',
      'status=1000',
      'method=G%20T',
      `pathContains=${'x'.repeat(1025)}`,
      'sort=id',
      'method[]=GET',
    ])('answers ?%s with 400 XCOVER_CONTROL_INVALID, never 500', async (query) => {
      await refused(await control('GET', `/requests?${query}`), 400, 'XCOVER_CONTROL_INVALID');
    });

    it('does not let a filter find what the journal hides (a secret in the path)', async () => {
      await call('GET', `${P}/quotes/xcover_test_api_secret/`);
      const found = (await (
        await control('GET', '/requests?pathContains=xcover_test_api_secret')
      ).json()) as { requests: unknown[] };
      expect(found.requests).toEqual([]);
    });
  });

  describe('POST /__sandbox/faults', () => {
    it('refuses a fault naming no operation of the spec, a body over 16 KiB and a bad hold', async () => {
      expect(
        await refused(
          await control('POST', '/faults', { operationId: 'createQoute', status: 500 }),
          400,
          'XCOVER_CONTROL_INVALID',
        ),
      ).toBe('operationId "createQoute" names no operation of the spec');
      await refused(
        await control('POST', '/faults', { status: 500, body: 'x'.repeat(17 * 1024) }),
        400,
        'XCOVER_CONTROL_INVALID',
      );
      await refused(await control('POST', '/faults', { hold: 1 }), 400, 'XCOVER_CONTROL_INVALID');
      expect(await faults()).toEqual([]);
    });

    it('keeps at most 100 faults active: the 101st gets 429 XCOVER_FAULT_LIMIT_REACHED', async () => {
      for (let index = 0; index < 100; index++) {
        expect(
          (await control('POST', '/faults', { pathContains: `/nothing-${index}`, status: 503 })).status,
        ).toBe(201);
      }
      await refused(await control('POST', '/faults', { status: 503 }), 429, 'XCOVER_FAULT_LIMIT_REACHED');
      expect(await faults()).toHaveLength(100);
      expect((await control('DELETE', '/faults')).status).toBe(204);
      expect((await control('POST', '/faults', { status: 503, times: 1 })).status).toBe(201);
    });

    it('holds matching requests until released, showing how many it holds', async () => {
      const hold = await holdRequests(sandbox.x.url, { operationId: 'createQuote' });
      const first = call('POST', `${P}/quotes/`, quoteBody());
      const second = call('POST', `${P}/quotes/`, quoteBody());
      await waitUntilHeld(sandbox.x.url, hold, 2);
      // Other operations pass meanwhile.
      expect((await call('GET', `${P}/bookings/`)).status).toBe(200);
      expect(await releaseFault(sandbox.x.url, hold)).toBe(2);
      expect([(await first).status, (await second).status]).toEqual([201, 201]);
      // Released, the fault is gone: the next request is not held.
      expect(await faults()).toEqual([]);
      expect((await call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
    });

    it('holds after auth: a request refused by auth is answered at once', async () => {
      await holdRequests(sandbox.x.url, {});
      const unsigned = await call('GET', `${P}/bookings/`, undefined, { unsigned: true });
      expect(unsigned.status).toBe(401);
    });

    it('holds, then answers with the fault’s status', async () => {
      const hold = await holdRequests(sandbox.x.url, { operationId: 'listBookings', status: 503, times: 1 });
      const held = call('GET', `${P}/bookings/`);
      await waitUntilHeld(sandbox.x.url, hold);
      await releaseFault(sandbox.x.url, hold);
      const answer = await held;
      expect([answer.status, answer.headers.get('x-sandbox-reason')]).toEqual([503, 'XCOVER_FAULT_INJECTED']);
    });

    it.each([
      ['DELETE /__sandbox/faults', 'DELETE', '/faults'],
      ['POST /__sandbox/reset', 'POST', '/reset'],
    ])('lets held requests go on %s', async (_name, method, path) => {
      const hold = await holdRequests(sandbox.x.url, { operationId: 'listBookings' });
      const held = call('GET', `${P}/bookings/`);
      await waitUntilHeld(sandbox.x.url, hold);
      expect((await control(method, path)).status).toBe(204);
      expect((await held).status).toBe(200);
      expect(await faults()).toEqual([]);
    });

    it('answers a release of no active fault with 404 XCOVER_FAULT_NOT_FOUND', async () => {
      await refused(await control('POST', '/faults/42/release'), 404, 'XCOVER_FAULT_NOT_FOUND');
      await refused(await control('POST', '/faults/abc/release'), 404, 'XCOVER_FAULT_NOT_FOUND');
    });
  });

  describe('POST /__sandbox/provider-states', () => {
    it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
      'does not find "%s" on the object prototype: 400 XCOVER_PROVIDER_STATE_UNKNOWN',
      async (state) => {
        await refused(
          await control('POST', '/provider-states', { state, params: {} }),
          400,
          'XCOVER_PROVIDER_STATE_UNKNOWN',
        );
      },
    );

    it.each([{ state: 1 }, { state: 'a quote package exists', params: [] }, { state: 'x', extra: true }])(
      'refuses %j with 400 XCOVER_CONTROL_INVALID',
      async (body) => {
        await refused(await control('POST', '/provider-states', body), 400, 'XCOVER_CONTROL_INVALID');
      },
    );
  });

  describe('the journal', () => {
    interface Entry {
      path: string;
      status: number;
      time: string;
      sandboxTime: string;
      body: unknown;
      response: { status: number; headers: Record<string, string>; body: unknown };
      nearMisses?: string[];
    }
    const entries = async () =>
      ((await (await control('GET', '/requests')).json()) as { requests: Entry[] }).requests;

    it('records the response beside the request, and the sandbox time beside real time', async () => {
      await setClock(sandbox.x.url, { now: '2030-05-06T07:08:09Z' });
      const answer = await call('POST', `${P}/quotes/`, quoteBody());
      const body = await answer.json();
      const [entry] = await entries();
      expect(entry?.sandboxTime).toBe('2030-05-06T07:08:09.000Z');
      expect(Math.abs(Date.parse(entry?.time as string) - Date.now())).toBeLessThan(60_000);
      expect(entry?.body).toEqual(quoteBody());
      expect(entry?.response).toEqual({
        status: 201,
        headers: expect.objectContaining({ 'content-type': 'application/json; charset=utf-8' }),
        body,
      });
    });

    it('keeps the body of a request refused by auth', async () => {
      await call('POST', `${P}/quotes/`, quoteBody(), { apiSecret: 'not_the_secret' });
      const [entry] = await entries();
      expect(entry?.status).toBe(401);
      expect(entry?.body).toEqual(quoteBody());
    });

    it('names the nearest operations of a path no operation matches, in a header and the journal', async () => {
      const answer = await call('POST', `${P}/quote/`, quoteBody());
      expect(answer.status).toBe(404);
      expect(answer.headers.get('x-sandbox-reason')).toBe('XCOVER_ROUTE_NOT_FOUND');
      const nearMisses = answer.headers.get('x-sandbox-near-misses')?.split(', ');
      expect(nearMisses?.[0]).toBe('POST /x/partners/{partner_code}/quotes/');
      // The body keeps XCover's shape.
      expect(Object.keys((await answer.json()) as object).sort()).toEqual(['errors', 'message', 'type']);
      const [entry] = await entries();
      expect(entry?.nearMisses).toEqual(nearMisses);
      expect(entry?.response.headers['x-sandbox-near-misses']).toBe(nearMisses?.join(', '));
    });
  });
});
