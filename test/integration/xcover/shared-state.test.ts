/**
 * XCover with its state in a shared store, as several processes run it: two apps ("processes") over one store, a
 * MemoryStateStore and then a redis-server of the test's own (never the machine's 6379). Every store call is
 * counted per app (round trips, and re-runs: loads beyond the first of a request). The outage test stops and
 * starts the test's redis-server, waiting on the client's events, never on time.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Redis from 'ioredis';
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import { defaultSettingsOf, type Credentials, type Settings } from '../../../mocks/runtime/provider';
import { RedisStateStore } from '../../../mocks/runtime/state/redis-store';
import type { StateStore } from '../../../mocks/runtime/state/store';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import type { XCoverState } from '../../../mocks/xcover/state';
import { serve, type TestServer } from '../../helpers/http-server';
import { fileRedis } from '../../helpers/test-state-store';
import { closeTestStateStores } from '../../helpers/test-state-store';
import { sharedStoreKinds, twoClients } from '../../helpers/two-processes';
import {
  expectAnswered,
  expectRejected,
  journal,
  P,
  POLICYHOLDER,
  quoteBody,
  xcoverFetch,
  type BookingView,
  type QuotePackageView,
} from '../../helpers/xcover';

/** A store whose loads and commits are counted. */
function counted(store: StateStore): { store: StateStore; loads: number; commits: number } {
  const counts = { loads: 0, commits: 0 };
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'loadEntries' || property === 'begin') counts.loads += 1;
      if (property === 'commitIfUnchanged') counts.commits += 1;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return Object.assign(counts, { store: wrapped });
}

interface Process {
  readonly sandbox: ProviderApp<XCoverState>;
  readonly server: TestServer;
  readonly counts: { loads: number; commits: number };
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

async function startProcess(store: StateStore, settings: Partial<Settings> = {}): Promise<Process> {
  const counts = counted(store);
  const sandbox = createProviderApp(xcoverProvider, {
    credentials: xcoverProvider.defaultCredentials as Credentials,
    settings: { ...defaultSettingsOf(xcoverProvider), ...settings } as Settings,
    stateStore: counts.store,
  });
  const server = await serve(sandbox.app);
  return {
    sandbox,
    server,
    counts,
    call: (method, path, body, headers = {}) => xcoverFetch(server.url, method, path, body, { headers }),
  };
}

const bookingBody = (pkg: QuotePackageView) => ({
  quotes: Object.values(pkg.quotes).map(({ id }) => ({ id })),
  policyholder: POLICYHOLDER,
});

afterAll(closeTestStateStores);

describe.each(sharedStoreKinds('two'))('XCover on %s shared by two processes', (_kind, connect) => {
  let stores: StateStore[];
  let a: Process;
  let b: Process;

  beforeAll(async () => {
    const { first, second, stores: clients } = await twoClients(connect);
    stores = clients;
    a = await startProcess(first);
    b = await startProcess(second);
  });
  afterAll(async () => {
    for (const process of [a, b]) {
      process.sandbox.close();
      await process.server.close();
    }
    await Promise.all(stores.map((store) => store.close()));
  });
  beforeEach(async () => {
    a.sandbox.reset();
    // A reset clears the store namespace before the process's next request, which this read is.
    expect(await a.sandbox.readState((state) => state.packages.size)).toBe(0);
  });

  it('books through B a quote created through A, and A reads the booking', async () => {
    const pkg = await expectAnswered<QuotePackageView>(a.call('POST', `${P}/quotes/`, quoteBody()), 201);
    const booked = await expectAnswered<BookingView>(
      b.call('POST', `${P}/bookings/${pkg.id}/`, bookingBody(pkg)),
      200,
    );
    expect(booked.status).toBe('CONFIRMED');
    expect((await expectAnswered<BookingView>(a.call('GET', `${P}/bookings/${pkg.id}/`), 200)).status).toBe(
      'CONFIRMED',
    );
  });

  it('books a quote once when A and B book it at the same moment', async () => {
    const pkg = await expectAnswered<QuotePackageView>(a.call('POST', `${P}/quotes/`, quoteBody()), 201);
    const answers = await Promise.all(
      [a, b, a, b].map((process) => process.call('POST', `${P}/bookings/${pkg.id}/`, bookingBody(pkg))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422, 422, 422]);
    const listed = await expectAnswered<{ count: number }>(b.call('GET', `${P}/bookings/`), 200);
    expect(listed.count).toBe(1);
  });

  it("runs XCover's main operations once each: one load, one commit when they write", async () => {
    const measure = async <T>(request: () => Promise<T>) => {
      const before = { ...a.counts };
      const value = await request();
      return { value, loads: a.counts.loads - before.loads, commits: a.counts.commits - before.commits };
    };
    const created = await measure(() =>
      expectAnswered<QuotePackageView>(a.call('POST', `${P}/quotes/`, quoteBody()), 201),
    );
    const pkg = created.value;
    const booked = await measure(() =>
      expectAnswered(a.call('POST', `${P}/bookings/${pkg.id}/`, bookingBody(pkg)), 200),
    );
    const read = await measure(() => expectAnswered(a.call('GET', `${P}/bookings/${pkg.id}/`), 200));
    const updated = await measure(() =>
      expectAnswered(
        a.call('PATCH', `${P}/bookings/${pkg.id}/`, { policyholder: { phone: '+447700900123' } }),
        200,
      ),
    );
    const cancelled = await measure(() =>
      expectAnswered(a.call('POST', `${P}/bookings/${pkg.id}/cancel`, {}), 200),
    );
    const listed = await measure(() => expectAnswered(a.call('GET', `${P}/bookings/`), 200));
    expect(
      [created, booked, read, updated, cancelled, listed].map(({ loads, commits }) => [loads, commits]),
    ).toEqual([
      [1, 1],
      [1, 1],
      [1, 0],
      [1, 1],
      [1, 1],
      // The list goes through the whole map, which XCover declares it reads (statePrefetch).
      [1, 0],
    ]);
    // Each request's journal entry shows what its state work cost.
    const entries = await journal(a.server.url, '?limit=6');
    expect(entries.map((entry) => [entry.operationId, entry.checked.sharedState])).toEqual([
      ['createQuote', { roundTrips: 2, reruns: 0, attempts: 1 }],
      ['createBooking', { roundTrips: 2, reruns: 0, attempts: 1 }],
      ['getBooking', { roundTrips: 1, reruns: 0, attempts: 1 }],
      ['modifyBooking', { roundTrips: 2, reruns: 0, attempts: 1 }],
      ['cancelBooking', { roundTrips: 2, reruns: 0, attempts: 1 }],
      ['listBookings', { roundTrips: 1, reruns: 0, attempts: 1 }],
    ]);
  });

  it('serves requests and provider states without entering an AsyncLocalStorage (its promise hooks)', async () => {
    const entered = ['run', 'enterWith', 'exit'].map((method) =>
      jest.spyOn(AsyncLocalStorage.prototype, method as 'run'),
    );
    const enteredCount = () => entered.reduce((count, spy) => count + spy.mock.calls.length, 0);
    try {
      const pkg = await expectAnswered<QuotePackageView>(a.call('POST', `${P}/quotes/`, quoteBody()), 201);
      await expectAnswered(a.call('POST', `${P}/bookings/${pkg.id}/`, bookingBody(pkg)), 200);
      await expectAnswered(a.call('GET', `${P}/bookings/${pkg.id}/`), 200);
      await expectAnswered(a.call('POST', `${P}/bookings/${pkg.id}/cancel`, {}), 200);
      await expectRejected(
        await a.call('GET', `${P}/quotes/ABCDE-99999-INS/`),
        404,
        'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
      );
      expect(await a.sandbox.readState((state) => state.packages.size)).toBe(1);
      expect(enteredCount()).toBe(0);
      // A provider state's run is handed to the operations it calls: once entered, an AsyncLocalStorage's
      // promise hooks would stay on for every request after it.
      const set = await fetch(`${a.server.url}/__sandbox/provider-states`, {
        method: 'POST',
        body: JSON.stringify({
          state: 'a confirmed booking exists',
          params: { quote_package_id: 'ABCDE-12345-INS' },
        }),
      });
      expect(set.status).toBe(200);
      expect(enteredCount()).toBe(0);
      const booked = await expectAnswered<BookingView>(b.call('GET', `${P}/bookings/ABCDE-12345-INS/`), 200);
      expect(booked.status).toBe('CONFIRMED');
    } finally {
      for (const spy of entered) spy.mockRestore();
    }
  });

  it('keeps namespaces apart in the store, and a reset of one clears only it', async () => {
    const inTeam = { 'x-sandbox-namespace': 'team-a' };
    const pkg = await expectAnswered<QuotePackageView>(
      a.call('POST', `${P}/quotes/`, quoteBody(), inTeam),
      201,
    );
    await expectAnswered(b.call('GET', `${P}/quotes/${pkg.id}/`, undefined, inTeam), 200);
    await expectRejected(
      await b.call('GET', `${P}/quotes/${pkg.id}/`),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );
    await expectAnswered<QuotePackageView>(a.call('POST', `${P}/quotes/`, quoteBody()), 201);
    a.sandbox.namespace('team-a').reset();
    await expectRejected(
      await a.call('GET', `${P}/quotes/${pkg.id}/`, undefined, inTeam),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );
    expect(await b.sandbox.readState((state) => state.packages.size)).toBe(1);
  });

  it('applies a reset through the control surface to the store before answering it', async () => {
    await expectAnswered(a.call('POST', `${P}/quotes/`, quoteBody()), 201);
    expect((await fetch(`${a.server.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(await b.sandbox.readState((state) => state.packages.size)).toBe(0);
  });

  it('clears the store namespace of a namespace evicted past maxNamespaces', async () => {
    const small = await startProcess(stores[0] as StateStore, { maxNamespaces: 1 });
    try {
      const one = { 'x-sandbox-namespace': 'one' };
      const pkg = await expectAnswered<QuotePackageView>(
        small.call('POST', `${P}/quotes/`, quoteBody(), one),
        201,
      );
      await expectAnswered(
        small.call('POST', `${P}/quotes/`, quoteBody(), { 'x-sandbox-namespace': 'two' }),
        201,
      );
      expect(small.sandbox.namespaceNames()).toEqual(['two']);
      await expectRejected(
        await small.call('GET', `${P}/quotes/${pkg.id}/`, undefined, one),
        404,
        'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
      );
    } finally {
      small.sandbox.close();
      await small.server.close();
    }
  });

  it('answers an id too long to be a store key as XCover answers an unknown one', async () => {
    const answer = await a.call('GET', `${P}/bookings/${'A'.repeat(600)}/`);
    expect(answer.status).toBe(404);
  });
});

describe('XCover on a redis-server that goes away', () => {
  let store: RedisStateStore;
  let x: Process;

  beforeAll(async () => {
    store = await RedisStateStore.connect((await fileRedis()).url, { keyPrefix: 'outage' });
    x = await startProcess(store);
  });
  afterAll(async () => {
    x.sandbox.close();
    await x.server.close();
    await store.close();
  });

  const event = (client: Redis, name: 'ready' | 'close') =>
    new Promise<void>((resolve) => client.once(name, () => resolve()));

  it("answers 503 XCOVER_STATE_UNAVAILABLE in XCover's shape while Redis is gone, and recovers by itself", async () => {
    const redis = await fileRedis();
    const pkg = await expectAnswered<QuotePackageView>(x.call('POST', `${P}/quotes/`, quoteBody()), 201);
    const closed = event(store.client, 'close');
    await redis.stop();
    await closed;
    const refused = await expectRejected(
      await x.call('POST', `${P}/bookings/${pkg.id}/`, bookingBody(pkg)),
      503,
      'XCOVER_STATE_UNAVAILABLE',
    );
    expect(refused).toMatchObject({ message: expect.any(String) });
    await expectRejected(await x.call('POST', `${P}/quotes/`, quoteBody()), 503, 'XCOVER_STATE_UNAVAILABLE');
    // The control surface too: a provider state, and a reset (applied once the store is back).
    const control = (path: string, body?: unknown) =>
      fetch(`${x.server.url}/__sandbox${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    const state = await control('/provider-states', { state: 'a confirmed booking exists' });
    expect([state.status, state.headers.get('x-sandbox-reason')]).toEqual([503, 'XCOVER_STATE_UNAVAILABLE']);
    const reset = await control('/reset');
    expect([reset.status, reset.headers.get('x-sandbox-reason')]).toEqual([503, 'XCOVER_STATE_UNAVAILABLE']);
    const ready = event(store.client, 'ready');
    await redis.start();
    await ready;
    // The server came back empty (no persistence): the sandbox works on it unchanged.
    const fresh = await expectAnswered<QuotePackageView>(x.call('POST', `${P}/quotes/`, quoteBody()), 201);
    await expectAnswered(x.call('POST', `${P}/bookings/${fresh.id}/`, bookingBody(fresh)), 200);
  });
});
