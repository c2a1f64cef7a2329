/**
 * Fault rules on the shared store fire as `FaultSet` fires them, across processes: one rule's `times` shared,
 * the seeded draws in one order whichever process takes them, a rule set through one seen by the other.
 */
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../../test/helpers/state-stores';
import { FaultSet, MAX_ACTIVE_FAULTS, type FaultInput, type FaultRequest } from '../faults';
import { SharedFaults } from './shared-faults';

function fault(overrides: Partial<FaultInput> = {}): FaultInput {
  return { probability: 1, status: 503, delayMs: 0, afterCommit: false, hold: false, ...overrides };
}

function request(method: string, path: string, more: Partial<FaultRequest> = {}): FaultRequest {
  return { method, path, relativePath: path, operationId: 'op', headers: {}, keys: [], ...more };
}

const stores = useStateStores();

describe.each(STORE_KINDS)('shared faults: %s', (kind) => {
  let harness: StoreHarness;
  let faults: SharedFaults;
  /** The same namespace through another process. */
  let other: SharedFaults;
  beforeEach(async () => {
    harness = await stores.harness(kind);
    faults = new SharedFaults(harness.store, 'ns', { apiKey: 'key_a' });
    other = new SharedFaults(await harness.another(), 'ns', { apiKey: 'key_a' });
  });
  afterEach(() => harness.close());

  test("a rule in faults.ts's format, matched as FaultSet matches, seen by every process", async () => {
    const rule = await faults.add(
      fault({ path: '/partners/*/bookings/**', credential: 'apiKey', header: { name: 'x-test' }, times: 2 }),
    );
    expect(rule).toMatchObject({ id: 1, seed: 1, remaining: 2, fired: 0 });
    expect(rule).not.toHaveProperty('times');
    const matching = request('POST', '/partners/P1/bookings/B1', {
      keys: ['key_a'],
      headers: { 'x-test': '1' },
    });
    expect(await other.take({ ...matching, keys: ['key_b'] })).toBeUndefined();
    expect(await other.take({ ...matching, relativePath: '/partners/P1/quotes' })).toBeUndefined();
    expect(await other.take(matching)).toEqual({ rule: { ...rule, remaining: 1, fired: 1 }, waitMs: 0 });
    expect(await faults.list()).toEqual([{ ...rule, remaining: 1, fired: 1, held: 0 }]);
  });

  test("a rule's times are shared: concurrent takes through two processes fire it exactly times", async () => {
    await faults.add(fault({ times: 5 }));
    const takes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? faults : other).take(request('GET', '/x'))),
    );
    expect(takes.filter(Boolean)).toHaveLength(5);
    // Used up, it is no longer listed, and no longer counts towards the active rules.
    expect(await other.list()).toEqual([]);
  });

  test('the same seed and order of requests give the faults one process gives, whichever process takes them', async () => {
    const alone = new FaultSet();
    alone.add(fault({ probability: 0.4, seed: 7 }));
    await faults.add(fault({ probability: 0.4, seed: 7 }));
    const expected: boolean[] = [];
    const shared: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      expected.push(alone.take(request('GET', '/x')) !== undefined);
      shared.push((await (i % 3 ? faults : other).take(request('GET', '/x'))) !== undefined);
    }
    expect(shared).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(3);
  });

  test('a latency is drawn from the rule seed at its shared index, the same in another namespace', async () => {
    const latency = { distribution: 'uniform', minMs: 10, maxMs: 1000 } as const;
    const waits = async (first: SharedFaults, second: SharedFaults) => {
      await first.add(fault({ latency, delayMs: 5, seed: 3 }));
      return [
        (await first.take(request('GET', '/x')))?.waitMs,
        (await second.take(request('GET', '/x')))?.waitMs,
      ];
    };
    const here = await waits(faults, other);
    const again = await waits(
      new SharedFaults(harness.store, 'again'),
      new SharedFaults(harness.store, 'again'),
    );
    expect(again).toEqual(here);
    expect(here[0]).not.toBe(here[1]);
  });

  test('removed or cleared, a rule no longer fires; past MAX_ACTIVE_FAULTS a rule is refused', async () => {
    const first = (await faults.add(fault()))!;
    const second = (await faults.add(fault({ method: 'POST' })))!;
    expect(await other.remove(first.id)).toBe(true);
    expect(await other.remove(first.id)).toBe(false);
    expect((await faults.take(request('POST', '/x')))?.rule.id).toBe(second.id);
    await other.clear();
    expect(await faults.take(request('POST', '/x'))).toBeUndefined();
    if (kind === 'redis') return; // the bound is the module's, not the store's: one store shows it
    for (let i = 0; i < MAX_ACTIVE_FAULTS; i++) expect(await faults.add(fault())).toBeDefined();
    expect(await other.add(fault())).toBeUndefined();
    expect(await faults.list()).toHaveLength(MAX_ACTIVE_FAULTS);
  });
});
