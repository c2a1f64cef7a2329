import { matchShape, mergeShapes, shapeOf, type ShapeNode } from './shape';

describe('shapeOf', () => {
  test('scalars', () => {
    expect(shapeOf('x')).toBe('string');
    expect(shapeOf(2.01)).toBe('number');
    expect(shapeOf(0)).toBe('number');
    expect(shapeOf(false)).toBe('boolean');
    expect(shapeOf(null)).toBe('null');
  });

  test('objects get sorted keys; empty arrays record null', () => {
    const shape = shapeOf({ b: 1, a: { c: [] }, d: [{ x: 'y' }] });
    expect(shape).toEqual({
      object: {
        a: { object: { c: { array: null } } },
        b: 'number',
        d: { array: { object: { x: 'string' } } },
      },
    });
    expect(Object.keys((shape as { object: Record<string, ShapeNode> }).object)).toEqual(['a', 'b', 'd']);
  });

  test('array elements merge: common keys only, a null beside a value stays null, other disagreements become any', () => {
    const benefits = [
      { description: 'a', limit: 5.35, excess: 2.68 },
      { description: 'b', excess: 'n/a', limit_description: 'text' },
      { description: 'c', excess: 3 },
    ];
    expect(shapeOf(benefits)).toEqual({ array: { object: { description: 'string', excess: 'any' } } });
    expect(shapeOf([[], ['x']])).toEqual({ array: { array: 'string' } });
    expect(shapeOf([1, 'x'])).toEqual({ array: 'any' });
    expect(shapeOf([{ a: 1 }, [1]])).toEqual({ array: 'any' });
    expect(shapeOf([{ a: null }, { a: 'x' }])).toEqual({ array: { object: { a: 'null' } } });
  });

  test('rejects non-JSON values', () => {
    expect(() => shapeOf(undefined)).toThrow(TypeError);
  });
});

describe('mergeShapes', () => {
  test('is symmetric for empty arrays', () => {
    expect(mergeShapes({ array: null }, { array: 'number' })).toEqual({ array: 'number' });
    expect(mergeShapes({ array: 'number' }, { array: null })).toEqual({ array: 'number' });
    expect(mergeShapes('null', 'string')).toBe('null');
    expect(mergeShapes('any', 'null')).toBe('any');
  });
});

describe('matchShape', () => {
  test('a recorded null matches null, or what the null check accepts for that field, nothing else', () => {
    const shape = shapeOf({ a: null, list: [{ b: null }] });
    expect(matchShape(shape, { a: null, list: [{ b: null }] })).toEqual([]);
    expect(matchShape(shape, { a: 1, list: [{ b: 'x' }] })).toEqual([
      '$.a: recorded null, got number',
      '$.list[0].b: recorded null, got string',
    ]);
    const seen: string[] = [];
    const numbersOnly = (field: readonly (string | number)[], actual: unknown) => {
      seen.push(field.join('/'));
      return typeof actual === 'number' ? undefined : 'the spec says number';
    };
    expect(matchShape(shape, { a: 1, list: [{ b: 'x' }] }, '$', numbersOnly)).toEqual([
      '$.list[0].b: the spec says number',
    ]);
    expect(seen).toEqual(['a', 'list/0/b']);
  });

  const recorded = shapeOf({
    id: 'AB12C-DE34F-INS',
    total_price: 2.01,
    partner_transaction_id: null,
    quotes: { '0': { id: 'q', is_renewable: false } },
    tax: { taxes: [{ tax_amount: 1.0, tax_code: 'IPT' }] },
    errors: [],
  });

  test('the recorded value and one with other values and extra fields match', () => {
    const stringWhereNull = (field: readonly (string | number)[], actual: unknown) =>
      field.join('.') === 'partner_transaction_id' && typeof actual === 'string' ? undefined : 'not a string';
    expect(
      matchShape(
        recorded,
        {
          id: 'ZZZZZ-ZZZZZ-INS',
          total_price: 7,
          partner_transaction_id: 'ptx-1',
          quotes: { '0': { id: 'other', is_renewable: true, extra: 1 } },
          tax: { taxes: [] },
          errors: ['anything', 3],
          extra: { nested: true },
        },
        '$',
        stringWhereNull,
      ),
    ).toEqual([]);
  });

  test('missing fields and wrong types are reported with their paths', () => {
    expect(
      matchShape(recorded, {
        id: 12,
        partner_transaction_id: 5,
        quotes: { '0': { id: 'q', is_renewable: 'no' } },
        tax: { taxes: [{ tax_amount: 1, tax_code: 'IPT' }, { tax_amount: '1' }] },
        errors: {},
      }),
    ).toEqual([
      '$.errors: expected array, got object',
      '$.id: expected string, got number',
      '$.partner_transaction_id: recorded null, got number',
      '$.quotes.0.is_renewable: expected boolean, got string',
      '$.tax.taxes[1].tax_amount: expected number, got string',
      '$.tax.taxes[1].tax_code: missing (expected string)',
      '$.total_price: missing (expected number)',
    ]);
  });

  test('null, arrays and objects are distinguished', () => {
    expect(matchShape('string', null)).toEqual(['$: expected string, got null']);
    expect(matchShape({ object: {} }, [])).toEqual(['$: expected object, got array']);
    expect(matchShape({ object: {} }, null)).toEqual(['$: expected object, got null']);
    expect(matchShape({ array: 'number' }, { length: 0 })).toEqual(['$: expected array, got object']);
    expect(matchShape({ array: null }, [1, 'x', null])).toEqual([]);
    expect(matchShape('any', undefined)).toEqual([]);
  });

  test('uses the given root path and brackets for odd keys', () => {
    expect(matchShape({ object: { 'a-b': 'string' } }, {}, 'body')).toEqual([
      'body["a-b"]: missing (expected string)',
    ]);
  });
});
