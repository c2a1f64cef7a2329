import { ByteBudgetMap, estimateBytes } from '../byte-budget';
import { NeedsEntries, RequestView, type StateMap } from './request-view';
import { StateLayout } from './state-layout';
import { ABSENT, ANY_VERSION, type LoadedEntries, type VersionedValue } from './store';

interface Item {
  name: string;
  tags: Map<string, number>;
}

const createState = () => ({
  items: new ByteBudgetMap<string, Item>(estimateBytes),
  notes: new ByteBudgetMap<string, string>(estimateBytes),
  counter: { value: 0 },
});
type ToyState = ReturnType<typeof createState>;
const layout = StateLayout.of('toy', createState());
const limits = { maxBytes: 1000 };

// A view's maps answer as a ByteBudgetMap does: the provider's state type fits both.
const _fits: StateMap<Item> = createState().items;
void _fits;

const entry = (value: string, version: number): VersionedValue => ({ value, version });
const itemText = (name: string) => `{"name":"${name}","tags":{"$Map":[["t",1]]}}`;

/** Loaded: items a (v3) and b (v4), the items map whole (v9), the key items:gone absent, the counter at v5. */
function loadedView(): RequestView<ToyState, string> {
  const loaded: LoadedEntries = {
    entries: new Map([
      ['toy:items:a', entry(itemText('a'), 3)],
      ['toy:items:b', entry(itemText('b'), 4)],
      ['toy:notes:gone', undefined],
      ['toy:counter', entry('{"value":7}', 5)],
    ]),
    maps: new Map([['toy:items', { version: 9, keys: ['toy:items:a', 'toy:items:b'] }]]),
  };
  return new RequestView<ToyState, string>(layout, loaded);
}

describe('request view', () => {
  test('an entry handed out is a private copy, the same one for the whole run', () => {
    const view = loadedView();
    const a = view.state.items.get('a');
    expect(a).toEqual({ name: 'a', tags: new Map([['t', 1]]) });
    expect(view.state.items.get('a')).toBe(a);
    expect(loadedView().state.items.get('a')).not.toBe(a);
    expect(view.state.notes.get('gone')).toBeUndefined();
    expect(view.state.notes.has('gone')).toBe(false);
    // Read, unchanged: nothing to write, each read checked at its version.
    expect(view.changes()).toEqual({
      reads: {
        keys: [
          { key: 'toy:items:a', version: 3 },
          { key: 'toy:notes:gone', version: ABSENT },
        ],
        maps: [],
      },
      writes: [],
      budgets: {},
    });
  });

  test('a read of an entry not loaded throws NeedsEntries, and is kept even when a handler catches it', () => {
    const view = loadedView();
    expect(() => view.state.notes.get('n1')).toThrow(NeedsEntries);
    try {
      view.state.notes.has('n2');
    } catch {
      // A handler's own catch-all: the view still knows.
    }
    expect(() => [...view.state.notes.values()]).toThrow(NeedsEntries);
    expect(view.missing()).toEqual({ keys: ['toy:notes:n1', 'toy:notes:n2'], maps: ['toy:notes'] });
    expect(loadedView().missing()).toBeUndefined();
  });

  test('a probe answers what was not loaded as absent, learning every entry and map it read in one pass', () => {
    const view = loadedView();
    const seen: unknown[] = [];
    view.probe((state) => {
      seen.push(
        state.notes.get('n1'),
        state.notes.has('n2'),
        [...state.notes.values()],
        state.items.get('a')?.name,
      );
    });
    expect(seen).toEqual([undefined, false, [], 'a']);
    expect(view.missing()).toEqual({ keys: ['toy:notes:n1', 'toy:notes:n2'], maps: ['toy:notes'] });
    // Past the probe, a read not loaded throws again; the loaded entry read is in the read set.
    expect(() => view.state.notes.get('n3')).toThrow(NeedsEntries);
    expect(view.changes().reads.keys).toEqual([{ key: 'toy:items:a', version: 3 }]);
  });

  test('a change made in place is written back at the version read', () => {
    const view = loadedView();
    view.state.items.get('a')!.tags.set('u', 2);
    view.state.items.get('b');
    const { writes, reads } = view.changes();
    expect(writes).toEqual([
      {
        key: 'toy:items:a',
        value: '{"name":"a","tags":{"$Map":[["t",1],["u",2]]}}',
        expectedVersion: 3,
        map: 'toy:items',
      },
    ]);
    expect(reads.keys).toEqual([{ key: 'toy:items:b', version: 4 }]);
  });

  test('set writes unconditionally unless the key was read, with the budget it was given; delete reads first', () => {
    const view = loadedView();
    expect(view.state.notes.set('n1', 'hello', limits)).toEqual([]);
    expect(view.state.notes.get('n1')).toBe('hello');
    expect(view.state.items.delete('b')).toBe(true);
    expect(view.state.items.has('b')).toBe(false);
    expect(view.state.notes.delete('gone')).toBe(false);
    const { writes, reads, budgets } = view.changes();
    expect(writes).toEqual([
      { key: 'toy:notes:n1', value: '"hello"', expectedVersion: ANY_VERSION, map: 'toy:notes' },
      { key: 'toy:items:b', value: undefined, expectedVersion: 4, map: 'toy:items' },
    ]);
    expect(reads.keys).toEqual([{ key: 'toy:notes:gone', version: ABSENT }]);
    expect(budgets).toEqual({ 'toy:notes': limits });
  });

  test('values() and size read the map whole at its version, in the order a ByteBudgetMap keeps', () => {
    const view = loadedView();
    view.state.items.set('c', { name: 'c', tags: new Map() }, limits);
    view.state.items.set('a', { name: 'a2', tags: new Map() }, limits);
    view.state.items.delete('b');
    expect([...view.state.items.values()].map((item) => item.name)).toEqual(['a2', 'c']);
    expect(view.state.items.size).toBe(2);
    expect(view.changes().reads.maps).toEqual([{ map: 'toy:items', version: 9 }]);
  });

  test('a record is its stored value, or its initial one; changed in place, it is written', () => {
    const view = loadedView();
    expect(view.state.counter.value).toBe(7);
    view.state.counter.value += 1;
    expect(view.changes().writes).toEqual([
      { key: 'toy:counter', value: '{"value":8}', expectedVersion: 5, map: undefined },
    ]);
    const fresh = new RequestView<ToyState>(layout, {
      entries: new Map([['toy:counter', undefined]]),
      maps: new Map(),
    });
    expect(fresh.state.counter).toEqual({ value: 0 });
    expect(fresh.changes().writes).toEqual([]);
  });

  test('a key too long to store reads as absent and cannot be set', () => {
    const view = loadedView();
    const long = 'k'.repeat(600);
    expect(view.state.items.get(long)).toBeUndefined();
    expect(view.state.items.has(long)).toBe(false);
    expect(view.state.items.delete(long)).toBe(false);
    expect(() => view.state.items.set(long, { name: 'x', tags: new Map() }, limits)).toThrow(RangeError);
    expect(view.missing()).toBeUndefined();
  });

  test('side effects are buffered on the view', () => {
    const view = loadedView();
    view.defer('webhook');
    expect(view.effects).toEqual(['webhook']);
  });
});
