import { ByteBudgetMap, estimateBytes } from '../byte-budget';
import { StateLayout } from './state-layout';

const budgetMap = () => new ByteBudgetMap<string, unknown>(estimateBytes);

describe('state layout', () => {
  const layout = StateLayout.of('toy', {
    packages: budgetMap(),
    test: { sessions: budgetMap(), invoiceNumbers: { last: 200 } },
    live: { sessions: budgetMap(), invoiceNumbers: { last: 200 } },
    seen: ['a'],
  });

  test('maps, groups and records are read off the state createState returns', () => {
    expect(layout.names).toEqual({
      maps: ['packages', 'test.sessions', 'live.sessions'],
      cells: ['test.invoiceNumbers', 'live.invoiceNumbers', 'seen'],
    });
    expect(layout.map('test.sessions').storeName).toBe('toy:test.sessions');
    expect(layout.cell('live.invoiceNumbers')).toEqual({
      kind: 'cell',
      name: 'live.invoiceNumbers',
      storeKey: 'toy:live.invoiceNumbers',
      initial: '{"last":200}',
    });
  });

  test('entry keys go to the store and back, the longest map name first', () => {
    const nested = StateLayout.of('toy', { a: budgetMap(), 'a:b': budgetMap() });
    expect(nested.entryKey('a', 'b:c')).toBe('toy:a:b:c');
    expect(nested.entryOf('toy:a:b:c')).toEqual({ map: 'a:b', key: 'c' });
    expect(layout.entryOf('toy:packages:p:1')).toEqual({ map: 'packages', key: 'p:1' });
    expect(layout.entryOf('other:packages:p')).toBeUndefined();
  });

  test('needs in the layout’s terms become the store’s keys and maps', () => {
    expect(
      layout.storeNeeds({ entries: [['packages', 'p1']], maps: ['live.sessions'], cells: ['seen'] }),
    ).toEqual({ keys: ['toy:packages:p1', 'toy:seen'], maps: ['toy:live.sessions'] });
    expect(() => layout.storeNeeds({ maps: ['nope'] })).toThrow('toy\'s state has no map "nope"');
    expect(() => layout.storeNeeds({ cells: ['packages'] })).toThrow(RangeError);
  });

  test('a class of the provider’s own, a bare value or a bad provider name has no layout', () => {
    class AccountStore {
      readonly accounts = budgetMap();
    }
    expect(() => StateLayout.of('toy', { accounts: new AccountStore() })).toThrow(
      'toy\'s state "accounts" cannot be shared',
    );
    expect(() => StateLayout.of('toy', { count: 1 })).toThrow('"count" cannot be shared');
    expect(() => StateLayout.of('Toy', {})).toThrow(RangeError);
  });
});
