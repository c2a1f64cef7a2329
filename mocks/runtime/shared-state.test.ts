import { ByteBudgetMap, estimateBytes } from './byte-budget';
import { createMemoryNamespace, type NamespaceBlueprint } from './namespace-context';
import type { HandlerRequest, HandlerResponse, ProviderDefinition, StateReadsRequest } from './provider';
import { SharedState, type RequestRun } from './shared-state';
import type { SpecOperation } from './spec';
import { MemoryStateStore } from './state/memory-store';
import { MAX_NAME_LENGTH, StateUnavailable } from './state/store';

/** A toy provider's state: two budgeted maps and a record, as providers' `createState` return them. */
const createState = () => ({
  items: new ByteBudgetMap<string, { id: string; count: number }>(estimateBytes),
  tags: new ByteBudgetMap<string, string>(estimateBytes),
  totals: { created: 0 },
});
type Toy = ReturnType<typeof createState>;
const limits = { maxBytes: 100_000 };

const handlers = {
  createItem: (request: HandlerRequest<Toy>): HandlerResponse => {
    const id = request.params.item_id as string;
    request.state.items.set(id, { id, count: 1 }, limits);
    request.state.totals.created += 1;
    request.webhooks.send({
      url: 'http://127.0.0.1:9/hook',
      event: 'item.created',
      body: { id },
      retrySchedule: [],
    });
    return { status: 201, body: { id } };
  },
  countItems: (request: HandlerRequest<Toy>): HandlerResponse => ({
    status: 200,
    body: { count: request.state.items.size },
  }),
};

const toy = {
  name: 'toy',
  createState,
  handlers,
  statePrefetch: { countItems: { maps: ['items'] } },
} as unknown as ProviderDefinition<Toy>;

const blueprint: NamespaceBlueprint<Toy> = {
  createState,
  journal: { secrets: [], sensitiveHeaders: [] },
  credentials: {},
  keysInForce: [],
  configuredFaults: [],
  rateLimit: null,
  latencySeed: 1,
  webhookTimeoutMs: undefined,
};

const operation = (operationId: string) => ({ operationId }) as SpecOperation;
/** An operation called in a run, as a provider state calls it. */
const call = (
  shared: SharedState<Toy>,
  run: RequestRun<Toy>,
  operationId: keyof typeof handlers,
  params: Record<string, string>,
) => shared.callIn(run, handlers[operationId], { params } as never);

describe('SharedState', () => {
  it('keeps each sandbox namespace in a store namespace of its own, the default one under the provider name', () => {
    const shared = new SharedState(toy, new MemoryStateStore());
    expect([shared.storeNamespaceOf(undefined), shared.storeNamespaceOf('ci-42')]).toEqual([
      'toy',
      'toy.ci-42',
    ]);
  });

  it('prefetches the entry each path parameter names in every map, and what the operation declares', () => {
    const shared = new SharedState(toy, new MemoryStateStore());
    expect(shared.prefetchOf(operation('createItem'), { item_id: 'i1', empty: '' })).toEqual({
      entries: [
        ['items', 'i1'],
        ['tags', 'i1'],
      ],
      maps: [],
      cells: [],
    });
    // A value too long to be a key was never stored: nothing to load (it reads as absent).
    expect(
      shared.prefetchOf(operation('createItem'), { item_id: 'x'.repeat(MAX_NAME_LENGTH) }).entries,
    ).toEqual([]);
    expect(shared.prefetchOf(operation('countItems'), {}).maps).toEqual(['items']);
  });

  it('runs a handler as one committed run, and enqueues the webhooks of that run in the store', async () => {
    const store = new MemoryStateStore();
    const shared = new SharedState(toy, store);
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    const answer = await shared.within(
      context,
      shared.prefetchOf(operation('createItem'), { item_id: 'i1' }),
      (run) => call(shared, run, 'createItem', { item_id: 'i1' }),
    );
    expect(answer).toEqual({ status: 201, body: { id: 'i1' } });
    // Enqueued into the store's outbox, which every process's delivery loop reads.
    const enqueued = await context.shared?.webhooks.list();
    expect(enqueued?.map((delivery) => delivery.event)).toEqual(['item.created']);
    expect(await shared.read(context, (state) => [state.items.size, state.totals.created])).toEqual([1, 1]);
    context.close();
  });

  it('runs an operation reading a map it did not declare again once, that map loaded', async () => {
    const shared = new SharedState({ ...toy, statePrefetch: {} }, new MemoryStateStore());
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    const counted = await shared.within(context, {}, async (run) => {
      const answer = await call(shared, run, 'countItems', {});
      return { answer, roundTrips: run.shared.roundTrips, reruns: run.shared.reruns };
    });
    // Nothing to load at first (no round trip), then the map it went through.
    expect(counted).toEqual({ answer: { status: 200, body: { count: 0 } }, roundTrips: 1, reruns: 1 });
    context.close();
  });

  it('runs the operations a provider state calls on its run’s view, committed with it once', async () => {
    const store = new MemoryStateStore();
    const shared = new SharedState(toy, store);
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    const commits = jest.spyOn(store, 'commitIfUnchanged');
    await shared.commitWithin(context, async (run) => {
      await call(shared, run, 'createItem', { item_id: 'i1' });
      await call(shared, run, 'createItem', { item_id: 'i2' });
      // The view the work goes on sees what the calls before wrote, not yet committed.
      expect(shared.viewOf(run).items.size).toBe(2);
    });
    expect(commits).toHaveBeenCalledTimes(1);
    expect(await shared.read(context, (state) => state.totals.created)).toBe(2);
    expect((await context.shared?.webhooks.list())?.length).toBe(2);
    context.close();
  });

  it('names the operation whose check before the handler read state its path does not name', async () => {
    const shared = new SharedState({ ...toy, statePrefetch: {} }, new MemoryStateStore());
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    const match = { kind: 'operation', operation: operation('countItems'), params: {} };
    const namespace = { context, deps: { router: { match: () => match } } } as never;
    const pipeline = shared.pipeline(async (exchange) => void shared.stateOf(exchange).items.size);
    await expect(pipeline({ method: 'GET', path: '/items', trace: {} } as never, namespace)).rejects.toThrow(
      /^countItems: a check before the handler read state its path does not name; declare it in the provider's statePrefetch or stateReads$/,
    );
    context.close();
  });

  it('loads what the provider’s stateReads read, from what a request names, before the checks that read it', async () => {
    const store = new MemoryStateStore();
    // An index entry the request's header names, then the item it points to (a bearer token, its account).
    const stateReads = (request: StateReadsRequest, state: Toy) => {
      const id = state.tags.get(String(request.headers['x-tag']));
      if (id !== undefined) state.items.get(id);
    };
    const shared = new SharedState({ ...toy, stateReads }, store);
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    await shared.commitWithin(context, async (run) => {
      shared.viewOf(run).items.set('i1', { id: 'i1', count: 3 }, limits);
      shared.viewOf(run).tags.set('red', 'i1', limits);
    });
    const match = { kind: 'operation', operation: operation('createItem'), params: {} };
    const namespace = { context, deps: { router: { match: () => match } } } as never;
    let seen: unknown;
    const pipeline = shared.pipeline(async (exchange) => {
      const { tags, items } = shared.stateOf(exchange);
      seen = items.get(tags.get('red') as string)?.count;
    });
    const begins = jest.spyOn(store, 'begin');
    const loads = jest.spyOn(store, 'loadEntries');
    const exchange = {
      method: 'GET',
      path: '/items',
      query: {},
      trace: {},
      req: { headers: { 'x-tag': 'red' } },
    };
    await pipeline(exchange as never, namespace);
    expect(seen).toBe(3);
    // The tag with the first load (the begin step's), the item it names with the second.
    expect([...begins.mock.calls, ...loads.mock.calls].map(([, keys]) => keys)).toEqual([
      ['toy:tags:red'],
      ['toy:tags:red', 'toy:items:i1'],
    ]);
    context.close();
  });

  it('refuses state() outside a request, saying to use readState', () => {
    const shared = new SharedState(toy, new MemoryStateStore());
    const context = shared.namespaceContext(createMemoryNamespace(undefined, blueprint), blueprint);
    expect(() => context.state()).toThrow(/toy's state is in a shared store: read it with readState/);
  });

  it('applies a reset to the store before the namespace’s next run, again when the store was unavailable', async () => {
    const store = new MemoryStateStore();
    const shared = new SharedState(toy, store);
    const context = shared.namespaceContext(createMemoryNamespace('a', blueprint), blueprint);
    await shared.within(context, {}, (run) => call(shared, run, 'createItem', { item_id: 'i1' }));
    const clear = jest.spyOn(store, 'clear').mockRejectedValueOnce(new StateUnavailable('gone'));
    context.reset();
    expect(await shared.read(context, (state) => state.items.size)).toBe(0);
    expect(clear.mock.calls).toEqual([['toy.a'], ['toy.a']]);
    context.close();
  });

  it('refuses, when created, a provider whose state has a class of its own', () => {
    const store = new MemoryStateStore();
    const indexed = { ...toy, createState: () => ({ accounts: new (class AccountStore {})() }) };
    expect(() => new SharedState(indexed as never, store)).toThrow(
      /^toy's state cannot be kept in a shared store yet: /,
    );
  });
});
