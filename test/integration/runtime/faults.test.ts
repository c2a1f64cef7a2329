/**
 * Injected faults, `Prefer`, the global latency and the rate limit over real HTTP, on the toy provider: the
 * runtime's mechanisms, shared by every provider. What the client sees (statuses, broken connections) and what
 * the sandbox keeps (state untouched unless `afterCommit`, the journal naming the rule that fired).
 */
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import type { JournalEntry } from '../../../mocks/runtime/journal';
import type { Settings } from '../../../mocks/runtime/provider';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import { serve, type TestServer } from '../../helpers/http-server';
import { setClock } from '../../helpers/sandbox';
import { closeTestStateStores, testStateStore } from '../../helpers/test-state-store';

const KEY = { 'x-toy-key': 'toy_test_key' };
const JSON_KEY = { ...KEY, 'content-type': 'application/json' };
const WIDGET = JSON.stringify({ name: 'bolt', size: 2 });

/** The toy sandbox, its state in the store of the jest project running the file (none: in memory). */
async function start(settings: Settings = {}) {
  const stateStore = await testStateStore();
  const sandbox = createProviderApp(toyProvider, {
    credentials: toyProvider.defaultCredentials,
    settings,
    ...(stateStore === undefined ? {} : { stateStore }),
  });
  const server = await serve(sandbox.app);
  return { sandbox, server };
}

afterAll(closeTestStateStores);

describe('faults, Prefer and latency on the toy provider', () => {
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;

  beforeAll(async () => ({ sandbox, server } = await start()));
  afterAll(() => server.close());
  beforeEach(() => sandbox.reset());
  const widgetCount = () => sandbox.readState((state) => state.widgets.size);

  const addFault = async (rule: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify(rule),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  };
  const createWidget = (headers: Record<string, string> = {}) =>
    fetch(`${server.url}/toy/widgets/`, {
      method: 'POST',
      headers: { ...JSON_KEY, ...headers },
      body: WIDGET,
    });
  const journal = async () =>
    ((await (await fetch(`${server.url}/__sandbox/requests`)).json()) as { requests: JournalEntry[] })
      .requests;
  /** Waits until the journal holds `count` entries (a broken connection is journaled once it closes). */
  const journaled = async (count: number) => {
    for (;;) {
      const entries = await journal();
      if (entries.length >= count) return entries;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('answers a matching path glob with the status in the provider’s error body, 429 with Retry-After, and changes nothing', async () => {
    const id = await addFault({ method: 'POST', path: '/widgets/', status: 429, times: 1 });
    const limited = await createWidget();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-sandbox-reason')).toBe('TOY_FAULT_INJECTED');
    expect(await limited.json()).toEqual({
      problem: 'Injected fault.',
      details: null,
      code: 'TOY_FAULT_INJECTED',
    });
    expect(await widgetCount()).toBe(0);
    const [entry] = await journal();
    expect(entry?.checked.fault).toEqual({ rule: id, status: 429, afterCommit: false, waitMs: 0 });
    // Used up: the next request reaches the handler.
    expect((await createWidget()).status).toBe(201);
  });

  it('matches a header and the credential the caller authenticated with', async () => {
    await addFault({ header: { name: 'x-chaos', value: 'on' }, credential: 'viewerKey', status: 503 });
    const viewer = { 'x-toy-key': 'toy_test_viewer' };
    expect((await fetch(`${server.url}/toy/gadgets/G-00009`, { headers: viewer })).status).toBe(404);
    const faulted = await fetch(`${server.url}/toy/gadgets/G-00009`, {
      headers: { ...viewer, 'x-chaos': 'on' },
    });
    expect(faulted.status).toBe(503);
    const admin = await fetch(`${server.url}/toy/gadgets/G-00009`, { headers: { ...KEY, 'x-chaos': 'on' } });
    expect(admin.status).toBe(404);
  });

  it('after commit: the work is done, then the fault answers; a retry with the same key gets the stored answer', async () => {
    await addFault({ operationId: 'createWidget', status: 502, afterCommit: true, times: 1 });
    const lost = await createWidget({ 'idempotency-key': 'k-1' });
    expect(lost.status).toBe(502);
    expect(await widgetCount()).toBe(1);
    const retried = await createWidget({ 'idempotency-key': 'k-1' });
    expect(retried.status).toBe(409);
    expect(await retried.json()).toEqual({ id: 'W-00001', name: 'bolt', size: 2 });
    expect(await widgetCount()).toBe(1);
  });

  it('drops the connection before any byte, and journals it with the rule', async () => {
    const id = await addFault({ operationId: 'createWidget', connection: 'drop' });
    await expect(createWidget()).rejects.toThrow('fetch failed');
    expect(await widgetCount()).toBe(0);
    const [entry] = await journaled(1);
    expect(entry).toMatchObject({
      reason: 'TOY_FAULT_INJECTED',
      checked: { fault: { rule: id, connection: 'drop' } },
    });
  });

  it.each(['reset', 'truncate'])(
    '%s: headers and part of the body, then the connection ends',
    async (connection) => {
      await addFault({ operationId: 'listWidgets', connection });
      const response = await fetch(`${server.url}/toy/widgets/`, { headers: KEY });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-sandbox-reason')).toBe('TOY_FAULT_INJECTED');
      await expect(response.text()).rejects.toThrow();
    },
  );

  it('malformed: a complete answer whose body does not parse', async () => {
    await addFault({ operationId: 'listWidgets', connection: 'malformed' });
    const response = await fetch(`${server.url}/toy/widgets/`, { headers: KEY });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text.startsWith('{"widgets":')).toBe(true);
  });

  it('trickle: the whole body, a few bytes at a time', async () => {
    await addFault({ operationId: 'listWidgets', connection: 'trickle', trickleMs: 40 });
    const response = await fetch(`${server.url}/toy/widgets/`, { headers: KEY });
    expect(await response.json()).toEqual({ widgets: [{ id: 'W-00001', name: 'example widget', size: 3 }] });
  });

  it('the same seed and the same requests give the same faults', async () => {
    const run = async () => {
      sandbox.reset();
      await addFault({ operationId: 'listWidgets', status: 500, probability: 0.5, seed: 2024 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) {
        statuses.push((await fetch(`${server.url}/toy/widgets/`, { headers: KEY })).status);
      }
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toEqual(expect.arrayContaining([200, 500]));
  });

  it('Prefer: code= answers from the spec after auth passed, changing nothing; without auth it is refused', async () => {
    const unauthenticated = await fetch(`${server.url}/toy/widgets/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'code=201' },
      body: WIDGET,
    });
    expect(unauthenticated.status).toBe(401);
    const preferred = await fetch(`${server.url}/toy/widgets/`, { headers: { ...KEY, prefer: 'code=404' } });
    expect(preferred.status).toBe(404);
    expect(preferred.headers.get('x-sandbox-reason')).toBe('TOY_PREFERRED_STATUS');
    const created = await createWidget({ prefer: 'code=201' });
    expect(created.status).toBe(201);
    expect(await widgetCount()).toBe(0);
  });

  it('Prefer: fault= breaks this one request; an unknown fault or a code the spec lacks is refused', async () => {
    const malformed = await fetch(`${server.url}/toy/widgets/`, {
      headers: { ...KEY, prefer: 'fault=malformed' },
    });
    expect(malformed.status).toBe(200);
    const text = await malformed.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    const [entry] = await journaled(1);
    expect(entry?.checked.fault).toMatchObject({ rule: 'prefer', connection: 'malformed' });
    const typo = await fetch(`${server.url}/toy/widgets/`, { headers: { ...KEY, prefer: 'fault=explode' } });
    expect(typo.status).toBe(400);
    expect(typo.headers.get('x-sandbox-reason')).toBe('TOY_PREFER_INVALID');
    const missing = await fetch(`${server.url}/toy/widgets/`, { headers: { ...KEY, prefer: 'code=418' } });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-sandbox-reason')).toBe('TOY_PREFER_INVALID');
  });

  it('reset clears the faults', async () => {
    await addFault({ operationId: 'listWidgets', status: 500 });
    sandbox.reset();
    expect((await fetch(`${server.url}/toy/widgets/`, { headers: KEY })).status).toBe(200);
  });
});

describe('faults, latency and rate limit from the config', () => {
  it('installs the config’s rules at start and again after a reset', async () => {
    const { sandbox, server } = await start({
      faults: [{ operationId: 'listWidgets', status: 503, times: 1 }],
    });
    try {
      const list = () => fetch(`${server.url}/toy/widgets/`, { headers: KEY });
      expect((await list()).status).toBe(503);
      expect((await list()).status).toBe(200);
      sandbox.reset();
      expect((await list()).status).toBe(503);
    } finally {
      await server.close();
    }
  });

  it('refuses a rule naming no operation of the spec, as a config error', () => {
    expect(() =>
      createProviderApp(toyProvider, {
        credentials: toyProvider.defaultCredentials,
        settings: { faults: [{ operationId: 'nope', status: 500 }] },
      }),
    ).toThrow('toy: faults[0]: operationId "nope" names no operation of the spec');
  });

  it('waits the global latency before every answer', async () => {
    const { server } = await start({ latency: { distribution: 'fixed', ms: 30 } });
    try {
      await fetch(`${server.url}/toy/widgets/`, { headers: KEY });
      await fetch(`${server.url}/toy/nowhere`);
      const { requests } = (await (await fetch(`${server.url}/__sandbox/requests`)).json()) as {
        requests: JournalEntry[];
      };
      const durations = requests.map((entry) => entry.durationMs);
      expect(durations).toHaveLength(2);
      for (const duration of durations) expect(duration).toBeGreaterThanOrEqual(29);
    } finally {
      await server.close();
    }
  });

  it('limits each credential per window of sandbox time, with Retry-After; a clock move opens the next window', async () => {
    const { server } = await start({ rateLimit: { requests: 2, perSeconds: 60 } });
    try {
      await setClock(server.url, { now: '2030-01-01T00:00:10Z' });
      const list = (key = 'toy_test_key') =>
        fetch(`${server.url}/toy/widgets/`, { headers: { 'x-toy-key': key } });
      expect((await list()).status).toBe(200);
      expect((await list()).status).toBe(200);
      const limited = await list();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-sandbox-reason')).toBe('TOY_RATE_LIMITED');
      expect(limited.headers.get('retry-after')).toBe('50');
      expect(await limited.json()).toMatchObject({ problem: 'Rate limit exceeded.' });
      // Another credential has its own window.
      expect((await list('toy_test_viewer')).status).toBe(200);
      await setClock(server.url, { advanceSeconds: 50 });
      expect((await list()).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
