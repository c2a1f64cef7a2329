/**
 * The shared-state driver with a toy provider's handlers (several maps, an index map, a record), run by two
 * "processes" (two drivers, each with its own store client) sharing one store: a MemoryStateStore, then a
 * redis-server of the test's own on a free port. Every store call is counted per process (round trips), and
 * a hook runs the other process's request just before a commit, to make a conflict happen where wanted.
 */
import fc from 'fast-check';
import { killLeftoverRedis, startTestRedis, type TestRedis } from '../../../test/helpers/redis-server';
import { ByteBudgetMap, estimateBytes } from '../byte-budget';
import { MemoryStateStore } from './memory-store';
import { RedisStateStore } from './redis-store';
import type { RequestView } from './request-view';
import { runShared, SharedRun, StateConflict } from './shared-run';
import { StateLayout, type StateNeeds } from './state-layout';
import { StateUnavailable, type StateStore } from './store';

interface Account {
  readonly id: string;
  readonly email: string;
  balance: number;
  /** Deposits by id: a Map inside a record, as XCover's packages hold. */
  deposits: Map<string, number>;
}

interface Order {
  readonly id: string;
  readonly accountId: string;
}

const createToyState = () => ({
  accounts: new ByteBudgetMap<string, Account>(estimateBytes),
  /** An index: account ids by email. */
  byEmail: new ByteBudgetMap<string, string>(estimateBytes),
  orders: new ByteBudgetMap<string, Order>(estimateBytes),
  stats: { deposits: 0 },
});
type ToyState = ReturnType<typeof createToyState>;
interface Webhook {
  readonly event: string;
  readonly id: string;
}

const layout = StateLayout.of('toy', createToyState());
const limits = { maxBytes: 1_000_000 };
const orderLimits = { maxBytes: 1_000_000, maxEntries: 2 };

class Refusal extends Error {}

/** An operation of the toy provider: what it declares it reads, and its synchronous handler. */
interface Operation<T> {
  readonly prefetch: StateNeeds;
  run(state: ToyState, view: RequestView<ToyState, Webhook>): T;
}

const toy = {
  createAccount: (id: string, email: string): Operation<Account> => ({
    prefetch: {
      entries: [
        ['accounts', id],
        ['byEmail', email],
      ],
    },
    run(state, view) {
      if (state.byEmail.has(email) || state.accounts.has(id)) throw new Refusal('already exists');
      const account: Account = { id, email, balance: 0, deposits: new Map() };
      state.accounts.set(id, account, limits);
      state.byEmail.set(email, id, limits);
      view.defer({ event: 'account.created', id });
      return account;
    },
  }),
  /** Declares only the index entry: the account it points to is found on the way. */
  accountByEmail: (email: string): Operation<Account | undefined> => ({
    prefetch: { entries: [['byEmail', email]] },
    run(state) {
      const id = state.byEmail.get(email);
      return id === undefined ? undefined : state.accounts.get(id);
    },
  }),
  /** Changes the account in place, never calling set: the view sees the change. */
  deposit: (id: string, depositId: string, amount: number): Operation<number> => ({
    prefetch: { entries: [['accounts', id]], cells: ['stats'] },
    run(state, view) {
      const account = state.accounts.get(id);
      if (!account) throw new Refusal('no such account');
      account.balance += amount;
      account.deposits.set(depositId, amount);
      state.stats.deposits += 1;
      view.defer({ event: 'deposit', id: depositId });
      return account.balance;
    },
  }),
  placeOrder: (id: string, accountId: string): Operation<void> => ({
    prefetch: {},
    run(state) {
      state.orders.set(id, { id, accountId }, orderLimits);
    },
  }),
  order: (id: string): Operation<Order | undefined> => ({
    prefetch: { entries: [['orders', id]] },
    run: (state) => state.orders.get(id),
  }),
  /** Decides on the map's size: another process's new account changes the decision. */
  createIfFewer: (id: string, email: string, most: number): Operation<Account> => ({
    prefetch: {
      entries: [
        ['accounts', id],
        ['byEmail', email],
      ],
      maps: ['accounts'],
    },
    run(state, view) {
      if (state.accounts.size >= most) throw new Refusal('too many accounts');
      return toy.createAccount(id, email).run(state, view);
    },
  }),
  accountIds: (): Operation<string[]> => ({
    prefetch: { maps: ['accounts'] },
    run: (state) => [...state.accounts.values()].map((account) => account.id),
  }),
  countDeposit: (): Operation<void> => ({
    prefetch: { cells: ['stats'] },
    run(state) {
      state.stats.deposits += 1;
    },
  }),
};

/** One process: its store client, the store calls it made, and a hook run before each of its commits. */
class ToyProcess {
  readonly calls: string[] = [];
  beforeCommit: (() => Promise<void>) | undefined;
  readonly store: StateStore;

  constructor(
    client: StateStore,
    private readonly namespace = 'ns',
  ) {
    this.store = new Proxy(client, {
      get: (target, property, receiver) => {
        const member: unknown = Reflect.get(target, property, receiver);
        if (typeof member !== 'function') return member;
        return async (...args: unknown[]) => {
          this.calls.push(String(property));
          if (property === 'commitIfUnchanged') await this.beforeCommit?.();
          return (member as (...args: unknown[]) => Promise<unknown>).apply(target, args);
        };
      },
    });
  }

  request<T>(operation: Operation<T>) {
    return runShared<ToyState, T, Webhook>(
      this.store,
      this.namespace,
      layout,
      operation.prefetch,
      (state, view) => operation.run(state, view),
    );
  }

  /** The calls made from now on by `action`. */
  async callsOf(action: () => Promise<unknown>): Promise<string[]> {
    const from = this.calls.length;
    await action();
    return this.calls.slice(from);
  }
}

interface Backing {
  /** A new client of the one shared store. */
  client(): Promise<StateStore>;
  close(): Promise<void>;
}

let redis: TestRedis;
let prefixes = 0;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
  killLeftoverRedis();
});

const backings: Record<'memory' | 'redis', () => Backing> = {
  memory: () => {
    const store = new MemoryStateStore();
    return { client: async () => store, close: () => store.close() };
  },
  redis: () => {
    const keyPrefix = `shared-run${++prefixes}`;
    const clients: StateStore[] = [];
    return {
      client: async () => {
        const client = await RedisStateStore.connect(redis.url, { keyPrefix });
        clients.push(client);
        return client;
      },
      close: async () => void (await Promise.all(clients.map((client) => client.close()))),
    };
  },
};

describe.each(['memory', 'redis'] as const)('shared runs over a %s store', (kind) => {
  let backing: Backing;
  let a: ToyProcess;
  let b: ToyProcess;
  beforeEach(async () => {
    backing = backings[kind]();
    a = new ToyProcess(await backing.client());
    b = new ToyProcess(await backing.client());
  });
  afterEach(() => backing.close());

  test('a prefetched create is two round trips, and the other process reads it', async () => {
    let created;
    expect(
      await a.callsOf(async () => (created = await a.request(toy.createAccount('a1', 'x@example.com')))),
    ).toEqual(['loadEntries', 'commitIfUnchanged']);
    expect(created).toMatchObject({
      attempts: 1,
      reruns: 0,
      effects: [{ event: 'account.created', id: 'a1' }],
    });
    // Through the index: the account was not declared, so the run misses it once and runs again.
    let found;
    expect(
      await b.callsOf(async () => (found = await b.request(toy.accountByEmail('x@example.com')))),
    ).toEqual(['loadEntries', 'loadEntries']);
    expect(found).toMatchObject({
      value: { id: 'a1', email: 'x@example.com', balance: 0, deposits: new Map() },
      reruns: 1,
    });
  });

  test('a refused request writes nothing, and a read-only one commits nothing', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    expect(
      await b.callsOf(() =>
        expect(b.request(toy.createAccount('a2', 'x@example.com'))).rejects.toThrow(Refusal),
      ),
    ).toEqual(['loadEntries']);
    expect(await b.callsOf(() => b.request(toy.accountIds()))).toEqual(['loadEntries']);
    expect((await b.request(toy.accountIds())).value).toEqual(['a1']);
  });

  test('a record changed in place is committed, Maps in it kept', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    expect((await a.request(toy.deposit('a1', 'd1', 5))).value).toBe(5);
    const { value } = await b.request(toy.accountByEmail('x@example.com'));
    expect(value).toEqual({ id: 'a1', email: 'x@example.com', balance: 5, deposits: new Map([['d1', 5]]) });
  });

  test('a check before the run reads on the view the run starts from: one load, its reads checked at commit', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    const run = new SharedRun<ToyState, Webhook>(a.store, 'ns', layout, { entries: [['accounts', 'a1']] });
    const calls = await a.callsOf(async () => {
      await run.load();
      // An ownership check, say: the account exists.
      expect(await run.check((state) => state.accounts.has('a1'))).toBe(true);
      // Another process changes what the check read before the run commits.
      await b.request(toy.deposit('a1', 'from-b', 10));
      const { attempts } = await run.commit((state) =>
        state.orders.set('o1', { id: 'o1', accountId: 'a1' }, limits),
      );
      expect(attempts).toBe(2);
    });
    expect(calls).toEqual(['loadEntries', 'commitIfUnchanged', 'loadEntries', 'commitIfUnchanged']);
  });

  test('prepare: a probe on nothing learns the entries a request names, each load those they name, all at once', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    await a.request(toy.createAccount('a2', 'y@example.com'));
    const run = new SharedRun<ToyState, Webhook>(a.store, 'ns', layout, {});
    // Two independent chains (an index entry, then its account), as a token and a claim code a request names.
    const both = (state: ToyState) => {
      for (const email of ['x@example.com', 'y@example.com']) {
        const id = state.byEmail.get(email);
        if (id !== undefined) state.accounts.get(id);
      }
    };
    const calls = await a.callsOf(async () => {
      await run.prepare(both);
      // The checks that follow read on the prepared view: nothing more to load.
      expect(
        await run.check((state) => [...['a1', 'a2'].map((id) => state.accounts.get(id)?.email)]),
      ).toEqual(['x@example.com', 'y@example.com']);
    });
    // The index entries with the first load, both accounts with the second: one rerun.
    expect(calls).toEqual(['loadEntries', 'loadEntries']);
    expect([run.roundTrips, run.reruns]).toEqual([2, 1]);
  });

  test('conflicting writes: the one that lost runs again on what the other wrote', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    a.beforeCommit = async () => {
      a.beforeCommit = undefined;
      expect((await b.request(toy.deposit('a1', 'from-b', 10))).attempts).toBe(1);
    };
    const outcome = await a.request(toy.deposit('a1', 'from-a', 1));
    expect(outcome).toMatchObject({ value: 11, attempts: 2, effects: [{ event: 'deposit', id: 'from-a' }] });
    const { value } = await b.request(toy.accountByEmail('x@example.com'));
    expect(value?.deposits).toEqual(
      new Map([
        ['from-b', 10],
        ['from-a', 1],
      ]),
    );
    expect(
      (await b.request({ prefetch: { cells: ['stats'] }, run: (state) => state.stats.deposits })).value,
    ).toBe(2);
  });

  test('a run that counted a map conflicts with an entry another process added to it', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    a.beforeCommit = async () => {
      a.beforeCommit = undefined;
      await b.request(toy.createAccount('b1', 'y@example.com'));
    };
    await expect(a.request(toy.createIfFewer('a2', 'z@example.com', 2))).rejects.toThrow('too many accounts');
    expect((await b.request(toy.accountIds())).value).toEqual(['a1', 'b1']);
  });

  test('past five conflicts the request gives up with StateConflict, a StateUnavailable', async () => {
    await a.request(toy.createAccount('a1', 'x@example.com'));
    let moves = 0;
    a.beforeCommit = async () => void (await b.request(toy.deposit('a1', `b${++moves}`, 1)));
    const given = a.request(toy.deposit('a1', 'from-a', 100));
    await expect(given).rejects.toThrow(StateConflict);
    await expect(given).rejects.toThrow(StateUnavailable);
    expect(moves).toBe(5);
    expect((await b.request(toy.accountByEmail('x@example.com'))).value?.balance).toBe(5);
  });

  test('an unreachable store fails the request with StateUnavailable', async () => {
    a.beforeCommit = async () => {
      throw new StateUnavailable('gone');
    };
    await expect(a.request(toy.createAccount('a1', 'x@example.com'))).rejects.toThrow(StateUnavailable);
    expect((await b.request(toy.accountIds())).value).toEqual([]);
  });

  test('a budgeted map evicts its oldest entries in the commit, and says which', async () => {
    await a.request(toy.placeOrder('o1', 'a1'));
    await b.request(toy.placeOrder('o2', 'a1'));
    const third = await a.request(toy.placeOrder('o3', 'a1'));
    expect(third.evicted).toEqual([{ map: 'orders', key: 'o1' }]);
    expect((await b.request(toy.order('o1'))).value).toBeUndefined();
    expect((await b.request(toy.order('o3'))).value).toEqual({ id: 'o3', accountId: 'a1' });
  });

  test('random interleavings of two processes incrementing one record never lose an update', async () => {
    const [first, second] = [await backing.client(), await backing.client()];
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), async (scheduler) => {
        const namespace = `run${++runs}`;
        // Each store call starts when the scheduler lets it: the two processes' loads and commits interleave.
        const scheduled = (client: StateStore) =>
          new Proxy(client, {
            get: (target, property, receiver) => {
              const member: unknown = Reflect.get(target, property, receiver);
              if (typeof member !== 'function') return member;
              return async (...args: unknown[]) => {
                await scheduler.schedule(Promise.resolve(String(property)));
                return (member as (...args: unknown[]) => Promise<unknown>).apply(target, args);
              };
            },
          });
        const processes = [
          new ToyProcess(scheduled(first), namespace),
          new ToyProcess(scheduled(second), namespace),
        ];
        const increments = async (process: ToyProcess) => {
          for (let i = 0; i < 3; i += 1) await process.request(toy.countDeposit());
        };
        await scheduler.waitFor(Promise.all(processes.map(increments)));
        const counted = await new ToyProcess(first, namespace).request({
          prefetch: { cells: ['stats'] },
          run: (state) => state.stats.deposits,
        });
        expect(counted.value).toBe(6);
      }),
      { numRuns: kind === 'memory' ? 100 : 25 },
    );
  });
});
