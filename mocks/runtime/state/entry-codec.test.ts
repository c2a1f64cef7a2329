import fc from 'fast-check';
import { decodeEntry, encodeEntry } from './entry-codec';

/** Records as providers hold them: JSON values, Maps among them, and keys that look like the codec's tags. */
const entry = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    // As JSON holds them: -0 is 0 there (JSON's own loss, not the codec's).
    fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('$Map', '$Object', 'a', 'b', '__proto__'), tie('value'), { maxKeys: 3 }),
    fc
      .array(fc.tuple(fc.oneof(fc.string(), fc.integer()), tie('value')), { maxLength: 3 })
      .map((pairs) => new Map(pairs)),
  ),
})).value;

describe('state entry codec', () => {
  test('an entry decodes to an equal private copy, and encodes to the same text again', () => {
    fc.assert(
      fc.property(entry, (value) => {
        const text = encodeEntry(value);
        const copy = decodeEntry(text);
        expect(copy).toEqual(value);
        expect(encodeEntry(copy)).toBe(text);
      }),
    );
  });

  test('Maps come back as Maps, and data shaped like a tag comes back as data', () => {
    const pkg = {
      id: 'p1',
      updates: new Map([['u1', { changes: new Map([['q1', { price: 3 }]]) }]]),
      body: { $Map: [['not', 'a map']], $Object: 1 },
    };
    const copy = decodeEntry(encodeEntry(pkg)) as typeof pkg;
    expect(copy).toEqual(pkg);
    expect(copy).not.toBe(pkg);
    expect(copy.updates.get('u1')?.changes).toBeInstanceOf(Map);
    expect(copy.body).toEqual({ $Map: [['not', 'a map']], $Object: 1 });
    expect(Object.getPrototypeOf(copy.body)).toBe(Object.prototype);
  });

  test('a "__proto__" field stays a field of its own', () => {
    const copy = decodeEntry(
      encodeEntry(JSON.parse('{"__proto__": {"polluted": true}, "$Map": 1}')),
    ) as object;
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});
