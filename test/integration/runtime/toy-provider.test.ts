/**
 * A provider that is not one of the five, registered through the plug-in interface alone: the proof that a
 * new provider is one spec plus one folder, with no change to the runtime.
 */
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../../mocks/runtime/app';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import { holdRequests, releaseFault, waitUntilHeld } from '../../helpers/faults';
import { serve, type TestServer } from '../../helpers/http-server';

const KEY = { 'x-toy-key': 'toy_test_key' };
const JSON_KEY = { ...KEY, 'content-type': 'application/json' };

describe('a toy provider plugged into the runtime', () => {
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;
  const logLines: string[] = [];

  beforeAll(async () => {
    sandbox = createProviderApp(toyProvider, {
      credentials: toyProvider.defaultCredentials,
      settings: {},
      log: (line) => logLines.push(line),
    });
    server = await serve(sandbox.app);
    // Prism loads and reads the spec on its first answer (seconds on a loaded machine): once here, with a
    // budget of its own, not inside the first test that reaches it (reset before each test undoes it).
    await (await fetch(`${server.url}/toy-page`)).text();
  }, 120_000);
  afterAll(() => server.close());
  beforeEach(() => {
    sandbox.reset();
    logLines.length = 0;
  });

  const post = (path: string, body: string, headers: Record<string, string> = JSON_KEY) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body });

  async function rejected(response: Response, status: number, reason: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('x-sandbox-reason')).toBe(reason);
    return (await response.json()) as { problem: string; details: unknown; code: string };
  }

  it('serves hand-written handlers under every server base path, with state', async () => {
    const created = await post('/toy/widgets/', JSON.stringify({ name: 'bolt', size: 2 }));
    expect(created.status).toBe(201);
    expect(created.headers.get('x-toy')).toBe('yes');
    expect(await created.json()).toEqual({ id: 'W-00001', name: 'bolt', size: 2 });
    const fetched = await fetch(`${server.url}/toy-alias/widgets/W-00001`, { headers: KEY });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual({ id: 'W-00001', name: 'bolt', size: 2 });
  });

  it('serves a path whose item lists its own servers under those base paths only, its root at the base itself', async () => {
    for (const path of ['/toy-page', '/toy-page/', '/toy-page?from=browser']) {
      const page = await fetch(`${server.url}${path}`);
      expect({ path, status: page.status, body: await page.json() }).toEqual({
        path,
        status: 200,
        body: { page: true },
      });
    }
    const elsewhere = await fetch(`${server.url}/toy/`, { headers: KEY });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('x-sandbox-reason')).toBe('TOY_ROUTE_NOT_FOUND');
    // The document's paths are not served under the path-level server either.
    const notThere = await fetch(`${server.url}/toy-page/widgets/W-00001`, { headers: KEY });
    expect(notThere.status).toBe(404);
  });

  it('answers operations without a handler from the spec example through Prism', async () => {
    const listed = await fetch(`${server.url}/toy/widgets/?limit=5`, { headers: KEY });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ widgets: [{ id: 'W-00001', name: 'example widget', size: 3 }] });
    const preferred = await fetch(`${server.url}/toy/widgets/`, { headers: { ...KEY, prefer: 'code=404' } });
    expect(preferred.status).toBe(404);
    expect(await preferred.json()).toEqual({ problem: 'no widgets here' });
  });

  it('runs the security scheme handler and renders its failure in the provider shape', async () => {
    const missing = await fetch(`${server.url}/toy/widgets/W-00001`);
    expect(await rejected(missing, 401, 'TOY_KEY_MISSING')).toEqual({
      problem: 'key missing',
      details: null,
      code: 'TOY_KEY_MISSING',
    });
    const wrong = await fetch(`${server.url}/toy/widgets/W-00001`, { headers: { 'x-toy-key': 'nope' } });
    await rejected(wrong, 401, 'TOY_KEY_WRONG');
    const open = await fetch(`${server.url}/toy/open/ping`);
    expect(open.status).toBe(200);
  });

  it('rejects bad input with the right 4xx and stores nothing', async () => {
    const invalid = await rejected(
      await post('/toy/widgets/', JSON.stringify({ size: 'big', extra: 1 })),
      422,
      'TOY_BODY_INVALID',
    );
    expect(invalid.details).toEqual(
      expect.arrayContaining(['name: required', 'extra: additionalProperties', 'size: type']),
    );
    await rejected(await post('/toy/widgets/', '{"name":'), 400, 'TOY_MALFORMED_JSON');
    await rejected(
      await post('/toy/widgets/', Buffer.from([0xff, 0xfe]).toString('latin1'), {
        ...KEY,
        'content-type': 'application/json; charset=latin1',
      }),
      400,
      'TOY_MALFORMED_JSON',
    );
    await rejected(
      await post('/toy/widgets/', 'name=bolt', {
        ...KEY,
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'TOY_UNSUPPORTED_MEDIA_TYPE',
    );
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024), size: 1 });
    await rejected(await post('/toy/widgets/', huge), 413, 'TOY_BODY_TOO_LARGE');
    // An array parameter sent once is a list of one; its items are still checked.
    expect((await fetch(`${server.url}/toy/widgets/?tag=red`, { headers: KEY })).status).toBe(200);
    expect((await fetch(`${server.url}/toy/widgets/?tag=red&tag=blue`, { headers: KEY })).status).toBe(200);
    await rejected(
      await fetch(`${server.url}/toy/widgets/?tag=green`, { headers: KEY }),
      400,
      'TOY_QUERY_INVALID',
    );
    await rejected(
      await fetch(`${server.url}/toy/widgets/?limit=many`, { headers: KEY }),
      400,
      'TOY_QUERY_INVALID',
    );
    await rejected(
      await fetch(`${server.url}/toy/widgets/..%2F..%2Fetc`, { headers: KEY }),
      404,
      'TOY_PATH_INVALID',
    );
    await rejected(await fetch(`${server.url}/toy/nowhere`, { headers: KEY }), 404, 'TOY_ROUTE_NOT_FOUND');
    await rejected(await fetch(`${server.url}/toy/widgets`, { headers: KEY }), 404, 'TOY_TRAILING_SLASH');
    const method = await fetch(`${server.url}/toy/widgets/W-00001`, { method: 'DELETE', headers: KEY });
    await rejected(method, 405, 'TOY_METHOD_NOT_ALLOWED');
    expect(method.headers.get('allow')).toBe('GET');
    expect(sandbox.state().widgets.size).toBe(0);
  });

  it('renders handler rejections with their reason code', async () => {
    const body = await rejected(
      await fetch(`${server.url}/toy/widgets/W-00009`, { headers: KEY }),
      404,
      'TOY_WIDGET_NOT_FOUND',
    );
    expect(body.problem).toBe('no such widget');
  });

  it('replays idempotent requests, refuses a reused key and a duplicate in flight', async () => {
    const withKey = { ...JSON_KEY, 'idempotency-key': 'key-1' };
    const first = await post('/toy/widgets/', JSON.stringify({ name: 'a', size: 1 }), withKey);
    expect(first.status).toBe(201);
    const again = await post('/toy/widgets/', JSON.stringify({ name: 'a', size: 1 }), withKey);
    expect(again.status).toBe(409);
    expect(again.headers.get('x-sandbox-reason')).toBe('TOY_IDEMPOTENT_REPLAY');
    expect(await again.json()).toEqual({ id: 'W-00001', name: 'a', size: 1 });
    await rejected(
      await post('/toy/widgets/', JSON.stringify({ name: 'b', size: 1 }), withKey),
      422,
      'TOY_IDEMPOTENCY_KEY_REUSED',
    );

    const hold = await holdRequests(server.url, { method: 'POST', times: 1 });
    const slowKey = { ...JSON_KEY, 'idempotency-key': 'key-2' };
    const slow = post('/toy/widgets/', JSON.stringify({ name: 'c', size: 1 }), slowKey);
    await waitUntilHeld(server.url, hold);
    await rejected(
      await post('/toy/widgets/', JSON.stringify({ name: 'c', size: 1 }), slowKey),
      423,
      'TOY_IDEMPOTENCY_IN_FLIGHT',
    );
    expect(await releaseFault(server.url, hold)).toBe(1);
    expect((await slow).status).toBe(201);
    expect(sandbox.state().widgets.size).toBe(2);
  });

  it('forgets idempotency keys after the retention period of sandbox time', async () => {
    const withKey = { ...JSON_KEY, 'idempotency-key': 'key-3' };
    expect((await post('/toy/widgets/', JSON.stringify({ name: 'a', size: 1 }), withKey)).status).toBe(201);
    await fetch(`${server.url}/__sandbox/clock`, {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 3601 }),
    });
    expect((await post('/toy/widgets/', JSON.stringify({ name: 'a', size: 1 }), withKey)).status).toBe(201);
  });

  it('answers from injected faults, which reset clears', async () => {
    const added = await fetch(`${server.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ operationId: 'getWidget', status: 502, times: 2 }),
    });
    expect(added.status).toBe(201);
    for (let attempt = 0; attempt < 2; attempt++) {
      const faulted = await fetch(`${server.url}/toy/widgets/W-00001`, { headers: KEY });
      expect(faulted.status).toBe(502);
      expect(faulted.headers.get('x-sandbox-reason')).toBe('TOY_FAULT_INJECTED');
      // The toy has no faultBody: a fault without a body of its own gets the provider's error shape.
      expect(await faulted.json()).toEqual({
        problem: 'Injected fault.',
        details: null,
        code: 'TOY_FAULT_INJECTED',
      });
    }
    expect((await fetch(`${server.url}/toy/widgets/W-00001`, { headers: KEY })).status).toBe(404);
    const bad = await fetch(`${server.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 'x' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-sandbox-reason')).toBe('TOY_CONTROL_INVALID');
  });

  describe('control surface', () => {
    it('reports health', async () => {
      const health = await fetch(`${server.url}/__sandbox/health`);
      expect(await health.json()).toEqual({ provider: 'toy', status: 'ok' });
    });

    it('sets, advances, freezes and releases the clock', async () => {
      const set = await fetch(`${server.url}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ now: '2030-01-02T03:04:05Z' }),
      });
      expect(await set.json()).toMatchObject({ now: '2030-01-02T03:04:05.000Z' });
      // Real time moves on (a positive signal, not a fixed sleep); the frozen clock does not.
      const frozenSince = Date.now();
      while (Date.now() === frozenSince) await new Promise((resolve) => setImmediate(resolve));
      expect(await (await fetch(`${server.url}/__sandbox/clock`)).json()).toMatchObject({
        now: '2030-01-02T03:04:05.000Z',
      });
      const advanced = await fetch(`${server.url}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceSeconds: 60 }),
      });
      expect(await advanced.json()).toMatchObject({ now: '2030-01-02T03:05:05.000Z' });
      const real = await fetch(`${server.url}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ real: true }),
      });
      const { now } = (await real.json()) as { now: string };
      expect(Math.abs(Date.parse(now) - Date.now())).toBeLessThan(5000);
      for (const bad of ['{"now":"yesterday"}', '{}', '{"advanceSeconds":"1"}', '{"real":false}', 'nope']) {
        const refused = await fetch(`${server.url}/__sandbox/clock`, { method: 'POST', body: bad });
        expect(refused.status).toBe(400);
      }
    });

    it('resets state, journal and clock', async () => {
      await post('/toy/widgets/', JSON.stringify({ name: 'bolt', size: 2 }));
      await fetch(`${server.url}/__sandbox/clock`, {
        method: 'POST',
        body: JSON.stringify({ now: '2030-01-01T00:00:00Z' }),
      });
      const reset = await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
      expect(reset.status).toBe(204);
      expect(sandbox.state().widgets.size).toBe(0);
      expect(sandbox.clock.frozen).toBe(false);
      expect(
        ((await (await fetch(`${server.url}/__sandbox/requests`)).json()) as { requests: unknown[] })
          .requests,
      ).toEqual([]);
    });

    it('journals requests newest last, with what was checked and credentials redacted', async () => {
      await post('/toy/widgets/', JSON.stringify({ name: 'bolt', size: 2 }));
      await fetch(`${server.url}/toy/widgets/W-00009`, { headers: { 'x-toy-key': 'wrong-key-value' } });
      const { requests } = (await (await fetch(`${server.url}/__sandbox/requests`)).json()) as {
        requests: {
          method: string;
          path: string;
          status: number;
          reason: string | null;
          checked: unknown;
          headers: Record<string, string>;
        }[];
      };
      expect(requests.map(({ method, path, status, reason }) => ({ method, path, status, reason }))).toEqual([
        { method: 'POST', path: '/toy/widgets/', status: 201, reason: null },
        { method: 'GET', path: '/toy/widgets/W-00009', status: 401, reason: 'TOY_KEY_WRONG' },
      ]);
      expect(requests[1]?.checked).toEqual({ auth: { ToyKey: { present: true } } });
      expect(requests[1]?.headers['x-toy-key']).toBe('[redacted]');
      expect(JSON.stringify(requests)).not.toContain('wrong-key-value');
      expect(JSON.stringify(requests)).not.toContain('toy_test_key');
    });

    it('filters the journal by id, status, reason, operation, method and path', async () => {
      await post('/toy/widgets/', JSON.stringify({ name: 'a', size: 1 }));
      await fetch(`${server.url}/toy/widgets/W-00009`, { headers: KEY });
      await fetch(`${server.url}/toy/widgets/W-00001`, { headers: { 'x-toy-key': 'no' } });
      const paths = async (query: string) => {
        const answer = await fetch(`${server.url}/__sandbox/requests?${query}`);
        return ((await answer.json()) as { requests: { path: string; status: number }[] }).requests.map(
          ({ path, status }) => `${status} ${path}`,
        );
      };
      // Ids keep increasing across resets, so a poller can ask for what came after the last one it saw.
      const firstId = sandbox.journal.list()[0]?.id as number;
      expect(await paths(`since=${firstId}`)).toEqual([
        '404 /toy/widgets/W-00009',
        '401 /toy/widgets/W-00001',
      ]);
      expect(await paths('status=401')).toEqual(['401 /toy/widgets/W-00001']);
      expect(await paths('reason=TOY_WIDGET_NOT_FOUND')).toEqual(['404 /toy/widgets/W-00009']);
      expect(await paths('operationId=createWidget&method=post')).toEqual(['201 /toy/widgets/']);
      expect(await paths('pathContains=W-0000&limit=1')).toEqual(['401 /toy/widgets/W-00001']);
      const bad = await fetch(`${server.url}/__sandbox/requests?limit=-1`);
      expect(bad.status).toBe(400);
      expect(bad.headers.get('x-sandbox-reason')).toBe('TOY_CONTROL_INVALID');
    });

    it('keeps large bodies out of the journal', async () => {
      const tags = Array.from({ length: 8000 }, (_, index) => `tag-${index}`);
      expect((await post('/toy/widgets/', JSON.stringify({ name: 'big', size: 1, tags }))).status).toBe(201);
      const [entry] = sandbox.journal.list();
      expect(entry?.body).toMatch(/^\[a \d+-byte body, not kept\]$/);
    });

    it('sets named provider states and refuses unknown ones', async () => {
      const set = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state: 'a widget exists', params: { name: 'seeded' } }),
      });
      expect(await set.json()).toEqual({ widget_id: 'W-00042' });
      expect((await fetch(`${server.url}/toy/widgets/W-00042`, { headers: KEY })).status).toBe(200);
      const handled = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state: 'a widget was created through its handler', params: { name: 'cog' } }),
      });
      expect(await handled.json()).toEqual({ widget_id: 'W-00002' });
      expect(sandbox.state().widgets.get('W-00002')).toEqual({ id: 'W-00002', name: 'cog', size: 2 });
      const unknown = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state: 'nope' }),
      });
      expect(unknown.status).toBe(400);
      expect(unknown.headers.get('x-sandbox-reason')).toBe('TOY_PROVIDER_STATE_UNKNOWN');
    });
  });

  describe("Pact's state-change protocol", () => {
    const change = async (body: unknown) => {
      const response = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const gadget = async (id: unknown) =>
      (await fetch(`${server.url}/toy/gadgets/${String(id)}`, { headers: KEY })).status;

    it('answers a call without a state (an interaction given none) 200, doing nothing', async () => {
      for (const body of [{}, { state: '' }, { state: '', params: {}, action: 'teardown' }, { state: null }])
        expect(await change(body)).toEqual({ status: 200, body: {} });
    });

    it('sets up, tells a setup run again what it made before, and tears down what the last setup made', async () => {
      const params = { name: 'cog' };
      const first = await change({ state: 'a gadget exists', params, action: 'setup' });
      expect(first).toEqual({ status: 200, body: { gadget_id: expect.any(String), previous: null } });
      const second = await change({ state: 'a gadget exists', params: { name: 'cog' } });
      expect(second.body.previous).toBe(first.body.gadget_id);
      // Other params are another setup: it knows nothing made before.
      expect(
        (await change({ state: 'a gadget exists', params: { name: 'sprocket' } })).body.previous,
      ).toBeNull();
      expect(await gadget(second.body.gadget_id)).toBe(200);
      expect(await change({ state: 'a gadget exists', params, action: 'teardown' })).toEqual({
        status: 200,
        body: {},
      });
      expect(await gadget(second.body.gadget_id)).toBe(404);
      // Nothing left to tear down: still 200; a setup after the teardown starts afresh.
      expect((await change({ state: 'a gadget exists', params, action: 'teardown' })).status).toBe(200);
      expect((await change({ state: 'a gadget exists', params })).body.previous).toBeNull();
    });

    it('forgets what setups made on reset', async () => {
      await change({ state: 'a gadget exists', params: {} });
      await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
      expect((await change({ state: 'a gadget exists', params: {} })).body.previous).toBeNull();
    });

    it('refuses an action other than setup or teardown', async () => {
      const response = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({ state: 'a gadget exists', action: 'destroy' }),
      });
      expect([response.status, response.headers.get('x-sandbox-reason')]).toEqual([
        400,
        'TOY_CONTROL_INVALID',
      ]);
    });
  });

  it('logs one line per request: time, provider, method, path, status, reason, ms', async () => {
    await fetch(`${server.url}/toy/widgets/W-00009`, { headers: KEY });
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z toy GET \/toy\/widgets\/W-00009 404 TOY_WIDGET_NOT_FOUND [\d.]+ms$/,
    );
  });

  it('reports answers that break the spec’s response schemas, when asked to', async () => {
    const reported: ResponseViolation[] = [];
    const drifting = createProviderApp(
      {
        ...toyProvider,
        handlers: { ...toyProvider.handlers, getWidget: () => ({ status: 200, body: { id: 7 } }) },
      },
      {
        credentials: toyProvider.defaultCredentials,
        settings: {},
        onResponseViolation: (v) => reported.push(v),
      },
    );
    const drift = await serve(drifting.app);
    try {
      expect((await fetch(`${drift.url}/toy/widgets/W-00001`, { headers: KEY })).status).toBe(200);
      expect(
        (await fetch(`${drift.url}/toy/widgets/W-00001`, { headers: { 'x-toy-key': 'no' } })).status,
      ).toBe(401);
    } finally {
      await drift.close();
    }
    expect(reported).toEqual([
      {
        operationId: 'getWidget',
        status: 200,
        violations: expect.arrayContaining([
          expect.objectContaining({ field: ['id'], keyword: 'type' }),
          expect.objectContaining({ field: ['name'], keyword: 'required' }),
        ]),
      },
      { operationId: 'getWidget', status: 401, violations: [expect.objectContaining({ keyword: 'status' })] },
    ]);
  });

  it('fails loudly when a spec names a security scheme the provider has no handler for', () => {
    expect(() =>
      createProviderApp(
        { ...toyProvider, securitySchemes: {} },
        { credentials: toyProvider.defaultCredentials, settings: {} },
      ),
    ).toThrow('no handler for security scheme "ToyKey"');
    expect(() =>
      createProviderApp(
        { ...toyProvider, handlers: { ...toyProvider.handlers, noSuchOperation: () => ({ status: 200 }) } },
        { credentials: toyProvider.defaultCredentials, settings: {} },
      ),
    ).toThrow('handler for unknown operation "noSuchOperation"');
  });
});
