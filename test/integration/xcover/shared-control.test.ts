/**
 * The runtime's control state on a shared store, as several processes see it: apps ("processes") over one
 * store, a MemoryStateStore and then a redis-server of the test's own (never the machine's 6379). A clock
 * move, a revocation, a fault or a reset through one holds in the others from their next request; idempotency
 * keys are claimed in the store, so concurrent retries over four processes book once, and a key held by a
 * process that died is free once its lease ends.
 */
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import { requestFingerprint } from '../../../mocks/runtime/idempotency';
import { defaultSettingsOf, type Credentials, type Settings } from '../../../mocks/runtime/provider';
import { MemoryStateStore } from '../../../mocks/runtime/state/memory-store';
import { SharedIdempotency } from '../../../mocks/runtime/state/shared-idempotency';
import type { StateStore } from '../../../mocks/runtime/state/store';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import type { XCoverState } from '../../../mocks/xcover/state';
import { serve, type TestServer } from '../../helpers/http-server';
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../helpers/state-stores';
import {
  API_KEY,
  addFault,
  expectRejected,
  instantBookingBody,
  P,
  quoteBody,
  setClock,
  xcoverFetch,
} from '../../helpers/xcover';

interface Process {
  readonly sandbox: ProviderApp<XCoverState>;
  readonly server: TestServer;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  control(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

async function startProcess(store: StateStore): Promise<Process> {
  const sandbox = createProviderApp(xcoverProvider, {
    credentials: xcoverProvider.defaultCredentials as Credentials,
    settings: defaultSettingsOf(xcoverProvider) as Settings,
    stateStore: store,
  });
  const server = await serve(sandbox.app);
  return {
    sandbox,
    server,
    call: (method, path, body, headers = {}) => xcoverFetch(server.url, method, path, body, { headers }),
    control: (method, path, body, headers = {}) =>
      fetch(`${server.url}/__sandbox${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
  };
}

const INSTANT = `${P}/instant_booking/`;

/**
 * The memory store on real time moved by the test (the shared harness's starts in 1970): the sandbox clock
 * follows the store's time, which XCover's signature date window checks.
 */
function realTimeMemoryHarness(): StoreHarness {
  let elapsedMs = 0;
  const store = new MemoryStateStore(() => Date.now() + elapsedMs);
  return {
    store,
    another: async () => store,
    elapse: async (ms) => void (elapsedMs += ms),
    close: () => store.close(),
  };
}
const stores = useStateStores();

describe.each(STORE_KINDS)('the control state on a %s store shared by processes', (kind) => {
  let harness: StoreHarness;
  let processes: Process[];
  let a: Process;
  let b: Process;

  beforeAll(async () => {
    harness = kind === 'memory' ? realTimeMemoryHarness() : await stores.harness(kind);
    processes = [await startProcess(harness.store)];
    for (let i = 1; i < 4; i++) processes.push(await startProcess(await harness.another()));
    [a, b] = processes as [Process, Process];
  });
  afterAll(async () => {
    for (const process of processes) {
      process.sandbox.close();
      await process.server.close();
    }
    await harness.close();
  });
  beforeEach(async () => {
    expect((await a.control('POST', '/reset')).status).toBe(204);
  });

  it('moves the clock for every process: frozen through A, B answers on that time', async () => {
    await setClock(a.server.url, { now: '2031-02-03T04:05:06Z' });
    const clock = (await (await b.control('GET', '/clock')).json()) as { now: string; frozen: boolean };
    expect(clock).toEqual({ now: '2031-02-03T04:05:06.000Z', frozen: true });
    // B checks the signature's date against the shared clock: signed now, the request is out of its window.
    const signedThen = await xcoverFetch(b.server.url, 'POST', `${P}/quotes/`, quoteBody(), {
      date: new Date('2031-02-03T04:05:06Z'),
    });
    expect(signedThen.status).toBe(201);
    expect((await b.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(401);
  });

  it('refuses in B a key revoked through A, and a reset through A restores it', async () => {
    expect((await a.control('POST', '/keys/revoke', { key: API_KEY })).status).toBe(200);
    await expectRejected(await b.call('POST', `${P}/quotes/`, quoteBody()), 401, 'XCOVER_KEY_REVOKED');
    expect((await a.control('POST', '/reset')).status).toBe(204);
    expect((await b.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
  });

  it('fires in B a fault set through A, its uses counted across processes', async () => {
    await addFault(a.server.url, { operationId: 'createQuote', status: 503, times: 1 });
    await expectRejected(await b.call('POST', `${P}/quotes/`, quoteBody()), 503, 'XCOVER_FAULT_INJECTED');
    expect((await a.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
    expect((await b.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
    await addFault(b.server.url, { operationId: 'createQuote', status: 502 });
    expect(((await (await a.control('GET', '/faults')).json()) as { faults: unknown[] }).faults).toHaveLength(
      1,
    );
    expect((await a.control('DELETE', '/faults')).status).toBe(204);
    expect((await b.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
  });

  it("clears B's view with a reset through A: state, clock and faults", async () => {
    const created = (await (await b.call('POST', `${P}/quotes/`, quoteBody())).json()) as { id: string };
    await setClock(b.server.url, { advanceSeconds: 3600 });
    await addFault(b.server.url, { operationId: 'getQuote', status: 500 });
    expect((await a.control('POST', '/reset')).status).toBe(204);
    await expectRejected(
      await b.call('GET', `${P}/quotes/${created.id}/`),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );
    const clock = (await (await b.control('GET', '/clock')).json()) as { now: string; frozen: boolean };
    expect(clock.frozen).toBe(false);
    expect(Math.abs(Date.parse(clock.now) - Date.now())).toBeLessThan(60_000);
  });

  it('keeps one journal of every process, each namespace its own, an entry named by any answer found through any process', async () => {
    const team = { 'x-sandbox-namespace': 'team-j' };
    expect((await a.call('POST', `${P}/quotes/`, quoteBody())).status).toBe(201);
    const refused = await b.call('GET', `${P}/quotes/nope/`);
    expect(refused.status).toBe(404);
    expect((await b.call('POST', `${P}/quotes/`, quoteBody(), team)).status).toBe(201);
    const entriesOf = async (process: Process, headers: Record<string, string> = {}) =>
      (
        (await (await process.control('GET', '/requests', undefined, headers)).json()) as {
          requests: { id: number; operationId: string | null; status: number }[];
        }
      ).requests;
    // A read through B waits for B's own appends; then the entry is in the store for every process.
    const named = refused.headers.get('x-sandbox-journal') as string;
    const id = Number(named.slice(named.lastIndexOf('/') + 1));
    expect((await b.control('GET', `/requests/${id}`)).status).toBe(200);
    const found = await a.control('GET', `/requests/${id}`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { status: number }).status).toBe(404);
    expect((await entriesOf(a)).map((entry) => [entry.operationId, entry.status])).toEqual([
      ['createQuote', 201],
      ['getQuote', 404],
    ]);
    expect((await entriesOf(a, team)).map((entry) => [entry.operationId, entry.status])).toEqual([
      ['createQuote', 201],
    ]);
  });

  it('books once under 50 concurrent same-key retries over four processes, answering as one process does', async () => {
    const body = instantBookingBody();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (processes[i % 4] as Process).call('POST', INSTANT, body, { 'x-idempotency-key': 'key-50' }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    // The others: replays of the stored booking (409) or refusals while it ran (423), as on one process.
    expect(statuses.every((status) => [200, 409, 423].includes(status))).toBe(true);
    const reasons = new Set(answers.map((answer) => answer.headers.get('x-sandbox-reason')));
    for (const reason of reasons)
      expect([null, 'XCOVER_IDEMPOTENT_REPLAY', 'XCOVER_IDEMPOTENCY_IN_FLIGHT']).toContain(reason);
    const listed = (await (await b.call('GET', `${P}/bookings/`)).json()) as { count: number };
    expect(listed.count).toBe(1);
  });

  it('frees a key whose holder died once its lease ends', async () => {
    const body = instantBookingBody();
    const fingerprint = requestFingerprint(
      'POST',
      INSTANT.replace(/^\/x/, ''),
      Buffer.from(JSON.stringify(body)),
    );
    // A process that took the key and died: its lock stays until the lease (30 s, real time) ends.
    const dead = new SharedIdempotency(harness.store, 'xcover');
    const claimed = await dead.begin('key-dead', fingerprint, Date.now(), 60_000);
    expect(claimed.kind).toBe('proceed');
    const retry = () => b.call('POST', INSTANT, body, { 'x-idempotency-key': 'key-dead' });
    await expectRejected(await retry(), 423, 'XCOVER_IDEMPOTENCY_IN_FLIGHT');
    await harness.elapse(30_001);
    expect((await retry()).status).toBe(200);
  });
});
