import fc from 'fast-check';
import { ByteBudgetMap, estimateBytes } from './byte-budget';

/** A map whose values are strings charged their length, so sizes are easy to follow. */
const lengths = () => new ByteBudgetMap<string, string>((value) => value.length);

describe('ByteBudgetMap', () => {
  it('charges each entry its size and keeps them while the budget holds', () => {
    const map = lengths();
    expect(map.set('a', 'xxx', { maxBytes: 10 })).toEqual([]);
    expect(map.set('b', 'yyyy', { maxBytes: 10 })).toEqual([]);
    expect([map.size, map.bytes, map.get('a'), map.has('b')]).toEqual([2, 7, 'xxx', true]);
  });

  it('evicts the oldest entries first once the bytes pass the budget', () => {
    const map = lengths();
    map.set('a', 'xxxx', { maxBytes: 10 });
    map.set('b', 'xxxx', { maxBytes: 10 });
    expect(map.set('c', 'xxxx', { maxBytes: 10 })).toEqual(['a']);
    expect([...map.values()]).toEqual(['xxxx', 'xxxx']);
    expect([map.has('a'), map.bytes]).toEqual([false, 8]);
  });

  it('evicts past the entry limit too, whatever the bytes', () => {
    const map = lengths();
    for (const key of ['a', 'b', 'c']) map.set(key, 'x', { maxBytes: 100, maxEntries: 2 });
    expect([map.has('a'), map.size]).toEqual([false, 2]);
  });

  it('charges a replaced entry its new size and keeps its place', () => {
    const map = lengths();
    map.set('a', 'x', { maxBytes: 10 });
    map.set('b', 'x', { maxBytes: 10 });
    map.set('a', 'xxxxx', { maxBytes: 10 });
    expect(map.bytes).toBe(6);
    // 'a' is still the oldest: growing 'b' past the budget evicts it first.
    expect(map.set('b', 'xxxxxxx', { maxBytes: 10 })).toEqual(['a']);
    expect(map.bytes).toBe(7);
  });

  it('does not keep an entry larger than the whole budget', () => {
    const map = lengths();
    map.set('a', 'x', { maxBytes: 5 });
    expect(map.set('big', 'xxxxxx', { maxBytes: 5 })).toEqual(['a', 'big']);
    expect([map.size, map.bytes]).toEqual([0, 0]);
  });

  it('gives back the bytes of a deleted entry', () => {
    const map = lengths();
    map.set('a', 'xxx', { maxBytes: 10 });
    expect([map.delete('a'), map.delete('a'), map.bytes, map.size]).toEqual([true, false, 0, 0]);
  });

  it('keeps its limits and an exact count of bytes whatever is set and deleted', () => {
    const operation = fc.oneof(
      fc.record({ set: fc.constantFrom('a', 'b', 'c', 'd', 'e'), value: fc.string({ maxLength: 12 }) }),
      fc.record({ delete: fc.constantFrom('a', 'b', 'c', 'd', 'e') }),
    );
    fc.assert(
      fc.property(fc.array(operation), fc.integer({ min: 0, max: 30 }), (operations, maxBytes) => {
        const map = lengths();
        for (const step of operations) {
          if ('set' in step) map.set(step.set, step.value, { maxBytes, maxEntries: 4 });
          else map.delete(step.delete);
          const kept = [...map.values()];
          expect(map.bytes).toBe(kept.reduce((sum, value) => sum + value.length, 0));
          expect(map.bytes).toBeLessThanOrEqual(maxBytes);
          expect(map.size).toBeLessThanOrEqual(4);
        }
      }),
    );
  });
});

describe('estimateBytes', () => {
  it('charges strings two bytes a character, beyond a fixed header', () => {
    expect(estimateBytes('x'.repeat(1000)) - estimateBytes('')).toBe(2000);
  });

  it('grows with every element, key and value of objects, arrays and Maps', () => {
    const small = estimateBytes({ a: [1, 2] });
    expect(estimateBytes({ a: [1, 2, 3] })).toBeGreaterThan(small);
    expect(estimateBytes({ a: [1, 2], b: null })).toBeGreaterThan(small);
    expect(estimateBytes(new Map([['k', { a: [1, 2] }]]))).toBeGreaterThan(small);
  });

  it('is at least the JSON length of the value, however it is shaped', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(estimateBytes(value)).toBeGreaterThanOrEqual(JSON.stringify(value)?.length ?? 0);
      }),
    );
    // The longest number text there is (fast-check found it once in ~75 000 draws).
    expect(estimateBytes(-0.0000010477934842575641)).toBeGreaterThanOrEqual(25);
  });

  it('walks a deep value without recursion and a shared or cyclic one once', () => {
    let deep: unknown = [];
    for (let level = 0; level < 100_000; level += 1) deep = [deep];
    expect(estimateBytes(deep)).toBeGreaterThan(100_000);
    const shared = { text: 'x'.repeat(100) };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic.self = cyclic;
    expect(estimateBytes(cyclic)).toBeLessThan(estimateBytes({ a: shared, b: { ...shared } }) + 100);
  });
});
