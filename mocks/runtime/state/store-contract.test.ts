/**
 * The state-store contract: the same cases against the in-memory store and the Redis store (a redis-server
 * the test starts on its own port). Time is moved, never waited for (test/helpers/state-stores.ts).
 */
import {
  MEMORY_START_MS,
  STORE_KINDS,
  useStateStores,
  type StoreHarness,
} from '../../../test/helpers/state-stores';
import {
  ABSENT,
  ANY_VERSION,
  MAX_APPEND_VALUES,
  expiringRecord,
  type CommitResult,
  type StateStore,
} from './store';

const applied = async (commit: Promise<CommitResult>) => (await commit).applied;

const stores = useStateStores();

describe.each(STORE_KINDS)('state store contract: %s', (kind) => {
  let harness: StoreHarness;
  let store: StateStore;
  beforeEach(async () => {
    harness = await stores.harness(kind);
    store = harness.store;
  });
  afterEach(() => harness.close());

  test('get, set and delete, each write at a higher version', async () => {
    expect(await store.get('ns', 'a')).toBeUndefined();
    await store.set('ns', 'a', 'one');
    const first = await store.get('ns', 'a');
    expect(first?.value).toBe('one');
    await store.set('ns', 'a', 'two');
    const second = await store.get('ns', 'a');
    expect(second?.value).toBe('two');
    expect(second!.version).toBeGreaterThan(first!.version);
    expect(await store.delete('ns', 'a')).toBe(true);
    expect(await store.delete('ns', 'a')).toBe(false);
    expect(await store.get('ns', 'a')).toBeUndefined();
    // Recreated after a delete, a key never comes back at a version a reader may still hold (no ABA).
    await store.set('ns', 'a', 'three');
    expect((await store.get('ns', 'a'))!.version).toBeGreaterThan(second!.version);
  });

  test('a key with a TTL expires after it; a write without one makes it permanent', async () => {
    await store.set('ns', 'token', 'x', { ttlMs: 60_000 });
    const left = await store.ttlMs('ns', 'token');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(60_000);
    await harness.elapse(60_000);
    expect(await store.get('ns', 'token')).toBeUndefined();
    await store.set('ns', 'kept', 'x', { ttlMs: 60_000 });
    await store.set('ns', 'kept', 'y');
    expect(await store.ttlMs('ns', 'kept')).toBeUndefined();
    await harness.elapse(60_000);
    expect((await store.get('ns', 'kept'))?.value).toBe('y');
  });

  test('a commit applies every write or none', async () => {
    expect(
      await applied(
        store.commit('ns', [
          { key: 'a', value: '1', expectedVersion: ABSENT },
          { key: 'b', value: '1', expectedVersion: ABSENT },
        ]),
      ),
    ).toBe(true);
    const a = (await store.get('ns', 'a'))!;
    const b = (await store.get('ns', 'b'))!;
    // One stale version: nothing is written, not even the write whose version holds.
    expect(
      await applied(
        store.commit('ns', [
          { key: 'a', value: '2', expectedVersion: a.version },
          { key: 'b', value: '2', expectedVersion: b.version - 1 },
          { key: 'c', value: '2', expectedVersion: ABSENT },
        ]),
      ),
    ).toBe(false);
    expect((await store.get('ns', 'a'))?.value).toBe('1');
    expect(await store.get('ns', 'c')).toBeUndefined();
    // Versions as read: all apply, a deletion among them.
    expect(
      await applied(
        store.commit('ns', [
          { key: 'a', value: '2', expectedVersion: a.version },
          { key: 'b', value: undefined, expectedVersion: b.version },
        ]),
      ),
    ).toBe(true);
    expect((await store.get('ns', 'a'))?.value).toBe('2');
    expect(await store.get('ns', 'b')).toBeUndefined();
    // A key that must be absent but exists.
    expect(await applied(store.commit('ns', [{ key: 'a', value: '3', expectedVersion: ABSENT }]))).toBe(
      false,
    );
  });

  test('concurrent read-decide-write loops lose no update', async () => {
    const add = async () => {
      for (;;) {
        const read = await store.get('ns', 'count');
        const next = String(Number(read?.value ?? 0) + 1);
        if (
          await applied(
            store.commit('ns', [{ key: 'count', value: next, expectedVersion: read?.version ?? ABSENT }]),
          )
        )
          return;
      }
    };
    await Promise.all(Array.from({ length: 20 }, add));
    expect((await store.get('ns', 'count'))?.value).toBe('20');
  });

  test('a budgeted map keeps its newest entries within its bytes and count, and says what it evicted', async () => {
    const budgets = { packages: { maxBytes: 10, maxEntries: 3 } };
    const put = (key: string, value: string | undefined) =>
      store.commit('ns', [{ key, value, expectedVersion: ANY_VERSION, map: 'packages' }], budgets);
    const evictedBy = async (key: string, value: string | undefined) => {
      const result = await put(key, value);
      return result.applied ? result.evicted : undefined;
    };
    expect(await evictedBy('a', 'aaa')).toEqual([]);
    await put('b', 'bbb');
    await put('c', 'ccc');
    // Replaced, a key keeps its place and is charged its new size.
    await put('a', 'aa');
    expect(await store.mapKeys('ns', 'packages')).toEqual(['a', 'b', 'c']);
    expect(await store.mapBytes('ns', 'packages')).toBe(8);
    expect(await evictedBy('d', 'dd')).toEqual(['a']);
    expect(await store.get('ns', 'a')).toBeUndefined();
    // UTF-8 bytes: "éééé" is 8, so two entries go.
    expect(await evictedBy('e', 'éééé')).toEqual(['b', 'c']);
    expect(await store.mapKeys('ns', 'packages')).toEqual(['d', 'e']);
    expect(await store.mapBytes('ns', 'packages')).toBe(10);
    // Bigger than the whole budget: not kept, and everything older went first.
    expect(await evictedBy('f', 'x'.repeat(11))).toEqual(['d', 'e', 'f']);
    expect(await store.get('ns', 'f')).toBeUndefined();
    expect(await store.mapBytes('ns', 'packages')).toBe(0);
    // Deleted by a commit or by delete, a key leaves its map; a clear empties it.
    await put('g', 'g');
    await put('g', undefined);
    await put('h', 'hh');
    expect(await store.delete('ns', 'h')).toBe(true);
    expect(await store.mapKeys('ns', 'packages')).toEqual([]);
    expect(await store.mapBytes('ns', 'packages')).toBe(0);
    await put('i', 'i');
    await store.clear('ns');
    expect(await store.mapKeys('ns', 'packages')).toEqual([]);
    expect(await store.mapBytes('ns', 'packages')).toBe(0);
    await expect(
      store.commit('ns', [{ key: 'j', value: 'j', expectedVersion: ABSENT, map: 'packages', ttlMs: 5 }]),
    ).rejects.toThrow(RangeError);
  });

  test("every change to a map moves its version; a key moved between maps leaves the first's accounting", async () => {
    const budgets = { one: { maxBytes: 100, maxEntries: 2 }, two: { maxBytes: 100 } };
    const version = async (map: string) => (await store.loadEntries('ns', [], [map])).maps.get(map)!.version;
    const put = (key: string, value: string | undefined, map: string) =>
      store.commit('ns', [{ key, value, expectedVersion: ANY_VERSION, map }], budgets);
    const seen = [await version('one')];
    const moved = async () => {
      seen.push(await version('one'));
      return (seen.at(-1) as number) > (seen.at(-2) as number);
    };
    await put('a', 'aaa', 'one');
    expect(await moved()).toBe(true);
    await put('a', 'aa', 'one');
    expect(await moved()).toBe(true);
    await put('b', 'b', 'one');
    await put('c', 'c', 'one'); // evicts a
    expect(await moved()).toBe(true);
    expect(await store.mapKeys('ns', 'one')).toEqual(['b', 'c']);
    await store.delete('ns', 'b');
    expect(await moved()).toBe(true);
    const two = await version('two');
    await put('c', 'cccc', 'two');
    expect(await moved()).toBe(true);
    expect(await version('two')).toBeGreaterThan(two);
    expect(await store.mapKeys('ns', 'one')).toEqual([]);
    expect(await store.mapBytes('ns', 'one')).toBe(0);
    expect(await store.mapKeys('ns', 'two')).toEqual(['c']);
    expect(await store.mapBytes('ns', 'two')).toBe(4);
    // Out of every map, a key is plain again.
    await store.commit('ns', [{ key: 'c', value: 'c', expectedVersion: ANY_VERSION }]);
    expect(await store.mapKeys('ns', 'two')).toEqual([]);
    expect(await store.mapBytes('ns', 'two')).toBe(0);
    expect((await store.get('ns', 'c'))?.value).toBe('c');
  });

  test('a lock has one holder until released or its lease ends', async () => {
    const token = await store.acquireLock('ns', 'key-1', 30_000);
    expect(token).toEqual(expect.any(String));
    expect(await store.acquireLock('ns', 'key-1', 30_000)).toBeUndefined();
    expect(await store.releaseLock('ns', 'key-1', 'not-the-token')).toBe(false);
    expect(await store.releaseLock('ns', 'key-1', token!)).toBe(true);
    const again = await store.acquireLock('ns', 'key-1', 30_000);
    expect(again).toBeDefined();
    // The holder died: its lease ends, another takes the lock, and the late release changes nothing.
    await harness.elapse(30_000);
    const taken = await store.acquireLock('ns', 'key-1', 30_000);
    expect(taken).toBeDefined();
    expect(await store.releaseLock('ns', 'key-1', again!)).toBe(false);
    expect(await store.acquireLock('ns', 'key-1', 30_000)).toBeUndefined();
  });

  test('counters count per namespace and name, and go on after a clear', async () => {
    expect(await store.increment('ns', 'ids')).toBe(1);
    expect(await store.increment('ns', 'ids')).toBe(2);
    expect(await store.increment('ns', 'other')).toBe(1);
    expect(await store.increment('ns2', 'ids')).toBe(1);
    await store.clear('ns');
    expect(await store.increment('ns', 'ids')).toBe(3);
  });

  test('a stream keeps its newest entries within the count and byte limits', async () => {
    const limits = { maxEntries: 3, maxBytes: 1000 };
    for (const value of ['a', 'b', 'c', 'd']) await store.append('ns', 'journal', [value], limits);
    expect(await store.entries('ns', 'journal')).toEqual([
      { id: 2, value: 'b' },
      { id: 3, value: 'c' },
      { id: 4, value: 'd' },
    ]);
    expect(await store.entries('ns', 'journal', 3)).toEqual([{ id: 4, value: 'd' }]);
    expect(await store.streamBytes('ns', 'journal')).toBe(3);
    // Bytes are UTF-8 bytes: "é" is two. Past 6 bytes the oldest go; the newest stays even when too big alone.
    const tight = { maxEntries: 10, maxBytes: 6 };
    await store.append('ns', 'journal', ['éé'], tight);
    expect((await store.entries('ns', 'journal')).map((entry) => entry.value)).toEqual(['c', 'd', 'éé']);
    expect(await store.streamBytes('ns', 'journal')).toBe(6);
    await store.append('ns', 'journal', ['x'.repeat(10)], tight);
    expect((await store.entries('ns', 'journal')).map((entry) => entry.id)).toEqual([6]);
    expect(await store.streamBytes('ns', 'journal')).toBe(10);
    // A clear empties it; ids go on, so a poller never sees one twice.
    await store.clear('ns');
    expect(await store.entries('ns', 'journal')).toEqual([]);
    expect(await store.streamBytes('ns', 'journal')).toBe(0);
    expect(await store.append('ns', 'journal', ['y'], limits)).toEqual([7]);
  });

  test('values appended together take consecutive ids, in order, and the stream keeps the newest of them', async () => {
    expect(await store.append('ns', 's', ['a', 'b'], { maxEntries: 3, maxBytes: 100 })).toEqual([1, 2]);
    expect(await store.append('ns', 's', ['c', 'd', 'e', 'f'], { maxEntries: 3, maxBytes: 100 })).toEqual([
      3, 4, 5, 6,
    ]);
    expect(await store.entries('ns', 's')).toEqual([
      { id: 4, value: 'd' },
      { id: 5, value: 'e' },
      { id: 6, value: 'f' },
    ]);
    // Over the bytes, the oldest go until it fits, the newest kept even alone.
    await store.append('ns', 's', ['12345', '123456'], { maxEntries: 3, maxBytes: 8 });
    expect(await store.entries('ns', 's')).toEqual([{ id: 8, value: '123456' }]);
    expect(await store.streamBytes('ns', 's')).toBe(6);
    // Bytes in, text out: a value given as its UTF-8 bytes reads back as the text they encode.
    await store.append('ns', 's', [Buffer.from('£é')], { maxEntries: 1, maxBytes: 100 });
    expect(await store.entries('ns', 's')).toEqual([{ id: 9, value: '£é' }]);
    expect(await store.streamBytes('ns', 's')).toBe(4);
  });

  test('namespaces are apart: the same names, cleared one at a time', async () => {
    await store.set('team-a', 'k', 'a');
    await store.set('team-b', 'k', 'b');
    const lock = await store.acquireLock('team-a', 'l', 1000);
    expect(await store.acquireLock('team-b', 'l', 1000)).toBeDefined();
    await store.append('team-a', 's', ['a'], { maxEntries: 5, maxBytes: 100 });
    await store.clear('team-a');
    expect(await store.get('team-a', 'k')).toBeUndefined();
    expect(await store.entries('team-a', 's')).toEqual([]);
    expect(await store.releaseLock('team-a', 'l', lock!)).toBe(false);
    expect((await store.get('team-b', 'k'))?.value).toBe('b');
    expect(await store.acquireLock('team-b', 'l', 1000)).toBeUndefined();
  });

  test('loadEntries reads keys and whole maps, with their versions, in one snapshot', async () => {
    const budgets = { m: { maxBytes: 100 } };
    const putInMap = (key: string, value: string | undefined) =>
      store.commit('ns', [{ key, value, expectedVersion: ANY_VERSION, map: 'm' }], budgets);
    const mapVersion = async () => (await store.loadEntries('ns', [], ['m'])).maps.get('m')?.version;
    expect(await mapVersion()).toBe(ABSENT);
    await store.set('ns', 'plain', 'p');
    await putInMap('m:a', 'A');
    await putInMap('m:b', 'B');
    const loaded = await store.loadEntries('ns', ['plain', 'missing'], ['m', 'empty']);
    expect(loaded.entries.get('plain')).toEqual(await store.get('ns', 'plain'));
    expect(loaded.entries.has('missing')).toBe(true);
    expect(loaded.entries.get('missing')).toBeUndefined();
    expect(loaded.entries.get('m:a')).toEqual(await store.get('ns', 'm:a'));
    expect(loaded.entries.get('m:b')?.value).toBe('B');
    expect(loaded.maps.get('m')?.keys).toEqual(['m:a', 'm:b']);
    expect(loaded.maps.get('empty')).toEqual({ version: ABSENT, keys: [] });
    // The map's version moves with each write, deletion and eviction of its keys, and with nothing else.
    const first = loaded.maps.get('m')!.version;
    expect(first).toBeGreaterThan(ABSENT);
    await store.set('ns', 'plain', 'q');
    expect(await mapVersion()).toBe(first);
    await putInMap('m:a', 'AA');
    const second = (await mapVersion())!;
    expect(second).toBeGreaterThan(first);
    expect(await store.delete('ns', 'm:b')).toBe(true);
    const third = (await mapVersion())!;
    expect(third).toBeGreaterThan(second);
    await store.commit(
      'ns',
      [{ key: 'm:c', value: 'x'.repeat(99), expectedVersion: ABSENT, map: 'm' }],
      budgets,
    );
    expect((await store.loadEntries('ns', [], ['m'])).maps.get('m')?.keys).toEqual(['m:c']);
    expect(await mapVersion()).toBeGreaterThan(third);
  });

  test('commitIfUnchanged applies only while every key and map read is as read', async () => {
    const budgets = { m: { maxBytes: 100 } };
    await store.set('ns', 'read', '1');
    await store.commit('ns', [{ key: 'm:a', value: 'A', expectedVersion: ABSENT, map: 'm' }], budgets);
    const loaded = await store.loadEntries('ns', ['read', 'absent'], ['m']);
    const reads = {
      keys: [
        { key: 'read', version: loaded.entries.get('read')!.version },
        { key: 'absent', version: ABSENT },
      ],
      maps: [{ map: 'm', version: loaded.maps.get('m')!.version }],
    };
    const write = [{ key: 'out', value: 'w', expectedVersion: ABSENT }];
    const attempt = () => applied(store.commitIfUnchanged('ns', reads, write));
    // A key read moved; a key read absent appeared; a key joined the map read: nothing is written.
    await store.set('ns', 'read', '2');
    expect(await attempt()).toBe(false);
    reads.keys[0] = { key: 'read', version: (await store.get('ns', 'read'))!.version };
    await store.set('ns', 'absent', 'now here');
    expect(await attempt()).toBe(false);
    await store.delete('ns', 'absent');
    await store.commit('ns', [{ key: 'm:b', value: 'B', expectedVersion: ABSENT, map: 'm' }], budgets);
    expect(await attempt()).toBe(false);
    expect(await store.get('ns', 'out')).toBeUndefined();
    reads.maps[0] = { map: 'm', version: (await store.loadEntries('ns', [], ['m'])).maps.get('m')!.version };
    expect(await attempt()).toBe(true);
    expect((await store.get('ns', 'out'))?.value).toBe('w');
    await expect(
      store.commitIfUnchanged('ns', { keys: [{ key: '', version: 0 }], maps: [] }, []),
    ).rejects.toThrow(RangeError);
  });

  test("the store's time is real time, the same for every client", async () => {
    const time = await store.time();
    if (kind === 'memory') expect(time).toBe(MEMORY_START_MS);
    else expect(Math.abs(time - Date.now())).toBeLessThan(5_000);
  });

  test('claimUnlessStored: the stored record until it expires, else the lease and who holds it', async () => {
    const claim = (owner: string, nowMs = 100) =>
      store.claimUnlessStored('ns', 'idem:k', 'idem:k', { nowMs, leaseMs: 1_000, owner });
    const first = await claim('fp-1');
    expect(first).toEqual({ kind: 'claimed', token: expect.stringMatching(/ fp-1$/) });
    expect(await claim('fp-2')).toEqual({ kind: 'held', owner: 'fp-1' });
    // The holder died: its lease ends and the next claim takes the key.
    await harness.elapse(1_000);
    const second = await claim('fp-2');
    expect(second.kind).toBe('claimed');
    // Stored (then the lease released): the record, until its expiry on the caller's clock.
    await store.set('ns', 'idem:k', expiringRecord(200, 'the answer'));
    expect(await store.releaseLock('ns', 'idem:k', (second as { token: string }).token)).toBe(true);
    expect(await claim('fp-3', 199)).toEqual({
      kind: 'stored',
      value: '200 the answer',
      version: (await store.get('ns', 'idem:k'))!.version,
    });
    expect((await claim('fp-3', 200)).kind).toBe('claimed');
    expect(await store.get('ns', 'idem:k')).toBeUndefined();
    await expect(claim('')).rejects.toThrow(RangeError);
  });

  test('incrementUpTo stops at its most; counterValue reads without counting', async () => {
    expect(await store.counterValue('ns', 'fired')).toBe(0);
    expect(await store.incrementUpTo('ns', 'fired', 2)).toBe(1);
    expect(await store.incrementUpTo('ns', 'fired', 2)).toBe(2);
    expect(await store.incrementUpTo('ns', 'fired', 2)).toBeUndefined();
    expect(await store.counterValue('ns', 'fired')).toBe(2);
    expect(await store.incrementUpTo('ns', 'unlimited', Infinity)).toBe(1);
  });

  test('readSnapshot: keys as get reads them, counters as counterValue, and the store time, in one step', async () => {
    await store.set('ns', 'a', 'one');
    await store.increment('ns', 'generation');
    await store.increment('ns', 'generation');
    await store.set('other', 'b', 'elsewhere');
    const read = await store.readSnapshot('ns', ['a', 'b'], ['generation', 'never']);
    expect(read.entries).toEqual(
      new Map([
        ['a', await store.get('ns', 'a')],
        ['b', undefined],
      ]),
    );
    expect(read.counters).toEqual(
      new Map([
        ['generation', 2],
        ['never', 0],
      ]),
    );
    const time = await store.time();
    if (kind === 'memory') expect(read.timeMs).toBe(time);
    else expect(Math.abs(read.timeMs - time)).toBeLessThan(5_000);
    await expect(store.readSnapshot('ns', [''], [])).rejects.toThrow(RangeError);
  });

  test('begin: loadEntries, readSnapshot and an increment, in one step', async () => {
    await store.commit('ns', [{ key: 'm:a', value: 'A', expectedVersion: ANY_VERSION, map: 'm' }], {
      m: { maxBytes: 100 },
    });
    await store.set('ns', 'state', 's');
    await store.set('ns', 'control', 'c');
    await store.increment('ns', 'generation');
    await store.increment('ns', 'ids');
    const reads = { keys: ['control', 'absent'], counters: ['generation', 'never'], reserve: 'ids' };
    const began = await store.begin('ns', ['state', 'missing'], ['m', 'empty'], reads);
    expect(began.loaded).toEqual(await store.loadEntries('ns', ['state', 'missing'], ['m', 'empty']));
    const snapshot = await store.readSnapshot('ns', reads.keys, reads.counters);
    expect(began.snapshot.entries).toEqual(snapshot.entries);
    expect(began.snapshot.counters).toEqual(snapshot.counters);
    expect(Math.abs(began.snapshot.timeMs - snapshot.timeMs)).toBeLessThan(5_000);
    // The reserve is the counter's increment: the next id, and the counter moved on.
    expect(began.reserved).toBe(2);
    expect(await store.counterValue('ns', 'ids')).toBe(2);
    const { reserved } = await store.begin('ns', [], [], { ...reads, reserve: undefined });
    expect(reserved).toBeUndefined();
    expect(await store.counterValue('ns', 'ids')).toBe(2);
    // A bad name reserves nothing.
    await expect(store.begin('ns', [''], [], reads)).rejects.toThrow(RangeError);
    await expect(store.begin('ns', [], [], { ...reads, counters: [''] })).rejects.toThrow(RangeError);
    expect(await store.counterValue('ns', 'ids')).toBe(2);
  });

  test('a leased schedule: each due member claimed once, settled only under its token, a dead claimant replaced', async () => {
    await store.scheduleAdd('ns', 'hooks', { member: 'd1', value: 'v1', dueAtMs: 100 }, 3);
    await store.scheduleAdd('ns', 'hooks', { member: 'd2', value: 'v2', dueAtMs: 300 }, 3);
    expect(await store.claimDue('ns', 'hooks', 99, 1_000)).toBeUndefined();
    const claim = (await store.claimDue('ns', 'hooks', 100, 1_000))!;
    expect(claim).toEqual({ member: 'd1', value: 'v1', token: expect.any(String) });
    // Claimed: no other process gets it while the lease runs.
    expect(await store.claimDue('ns', 'hooks', 100, 1_000)).toBeUndefined();
    expect(
      await store.settleClaim('ns', 'hooks', { ...claim, token: 'forged' }, { value: 'x', nextDueAtMs: 1 }),
    ).toBe(false);
    // The claimant died: once its lease ends another claims the attempt, and the late result is refused.
    await harness.elapse(1_000);
    const again = (await store.claimDue('ns', 'hooks', 100, 1_000))!;
    expect(again.member).toBe('d1');
    expect(await store.settleClaim('ns', 'hooks', claim, { value: 'late', nextDueAtMs: undefined })).toBe(
      false,
    );
    expect(await store.settleClaim('ns', 'hooks', again, { value: 'retry', nextDueAtMs: 500 })).toBe(true);
    expect(await store.scheduleEntries('ns', 'hooks')).toEqual([
      { member: 'd1', value: 'retry', dueAtMs: 500 },
      { member: 'd2', value: 'v2', dueAtMs: 300 },
    ]);
    const d2 = (await store.claimDue('ns', 'hooks', 400, 1_000))!;
    expect(d2.member).toBe('d2');
    expect(await store.settleClaim('ns', 'hooks', d2, { value: 'done', nextDueAtMs: undefined })).toBe(true);
    // Past its bound the oldest member no longer due goes first, then the oldest.
    await store.scheduleAdd('ns', 'hooks', { member: 'd3', value: 'v3', dueAtMs: 600 }, 3);
    expect(await store.scheduleAdd('ns', 'hooks', { member: 'd4', value: 'v4', dueAtMs: 600 }, 3)).toEqual([
      'd2',
    ]);
    expect(await store.scheduleAdd('ns', 'hooks', { member: 'd5', value: 'v5', dueAtMs: 600 }, 3)).toEqual([
      'd1',
    ]);
    expect((await store.scheduleEntries('ns', 'hooks')).map((entry) => entry.member)).toEqual([
      'd3',
      'd4',
      'd5',
    ]);
    await store.clear('ns');
    expect(await store.scheduleEntries('ns', 'hooks')).toEqual([]);
    expect(await store.claimDue('ns', 'hooks', 1_000, 1_000)).toBeUndefined();
  });

  test('bad names, TTLs and commits are refused before anything is written', async () => {
    await expect(store.get('no spaces', 'k')).rejects.toThrow(RangeError);
    await expect(store.set('ns', '', 'v')).rejects.toThrow(RangeError);
    await expect(store.set('ns', 'k', 'v', { ttlMs: -1 })).rejects.toThrow(RangeError);
    await expect(store.acquireLock('ns', 'l', 0)).rejects.toThrow(RangeError);
    await expect(store.append('ns', 's', ['v'], { maxEntries: 0, maxBytes: 1 })).rejects.toThrow(RangeError);
    await expect(store.append('ns', 's', [], { maxEntries: 1, maxBytes: 1 })).rejects.toThrow(RangeError);
    const tooMany = Array.from({ length: MAX_APPEND_VALUES + 1 }, () => 'v');
    await expect(store.append('ns', 's', tooMany, { maxEntries: 1, maxBytes: 1 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      store.commit('ns', [
        { key: 'k', value: '1', expectedVersion: ABSENT },
        { key: 'k', value: '2', expectedVersion: ABSENT },
      ]),
    ).rejects.toThrow(RangeError);
    expect(await store.get('ns', 'k')).toBeUndefined();
  });
});

describe('state store on Redis: its keys', () => {
  test("a stream's accounting follows its trims, and a clear leaves the namespace nothing but its sequences", async () => {
    const harness = await stores.redisHarness();
    const { store } = harness;
    try {
      await store.append('ns', 's', ['a', 'bb', 'ccc'], { maxEntries: 2, maxBytes: 100 });
      expect(await store.streamBytes('ns', 's')).toBe(5);
      await store.append('ns', 's', ['dddd'], { maxEntries: 5, maxBytes: 7 });
      expect((await store.entries('ns', 's')).map((entry) => entry.value)).toEqual(['ccc', 'dddd']);
      expect(await store.streamBytes('ns', 's')).toBe(7);
      expect(await harness.keys()).toEqual([
        '{ns}:d:stream:s',
        '{ns}:d:stream:s:bytes',
        '{ns}:d:stream:s:sizes',
        '{ns}:index',
        '{ns}:seq',
      ]);
      await store.clear('ns');
      expect(await harness.keys()).toEqual(['{ns}:seq']);
    } finally {
      await harness.close();
    }
  });
});
