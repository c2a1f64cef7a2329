import type { LoadedSpec } from '../../mocks/runtime/spec';
import { recordedNullCheck, specTypesOf } from './spec-types';

const document = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Money: { type: ['number', 'null'] },
      Quote: {
        allOf: [
          { type: 'object', properties: { id: { type: 'string' } } },
          { properties: { price: { $ref: '#/components/schemas/Money' }, kind: { enum: ['a', 'b'] } } },
        ],
      },
      Body: {
        type: 'object',
        properties: {
          quotes: { type: 'array', items: { $ref: '#/components/schemas/Quote' } },
          extra: { type: 'object', additionalProperties: { type: 'integer' } },
          either: { oneOf: [{ type: 'string' }, { type: 'boolean' }] },
          free: {},
        },
      },
    },
  },
};

describe('specTypesOf', () => {
  const typesAt = (...field: (string | number)[]) =>
    [...specTypesOf(document, '#/components/schemas/Body', field)].sort();

  test('follows $ref, allOf, items and additionalProperties; integer counts as number; enums give their types', () => {
    expect(typesAt('quotes', 0, 'id')).toEqual(['string']);
    expect(typesAt('quotes', 3, 'price')).toEqual(['null', 'number']);
    expect(typesAt('quotes', 0, 'kind')).toEqual(['string']);
    expect(typesAt('extra', 'anything')).toEqual(['number']);
    expect(typesAt('either')).toEqual(['boolean', 'string']);
  });

  test('a field the spec gives no type has none', () => {
    expect(typesAt('free')).toEqual([]);
    expect(typesAt('missing')).toEqual([]);
    expect(typesAt('quotes', 'notAnIndex', 'id')).toEqual([]);
  });
});

describe('recordedNullCheck', () => {
  const spec = {
    document: {
      ...document,
      paths: {},
    },
    basePaths: [''],
    securitySchemeNames: [],
    operations: [
      {
        operationId: 'getQuotes',
        method: 'GET',
        pathTemplate: '/quotes',
        parameters: [],
        bodySchemaPointer: undefined,
        bodyMediaTypes: [],
        bodyRequired: false,
        documentedStatuses: ['200'],
        responseSchemaPointers: { '200': '#/components/schemas/Body' },
        responseHeaders: {},
        security: [],
      },
    ],
  } as unknown as LoadedSpec;

  test('accepts the spec type of the field, refuses another and a field without type, and says why', () => {
    const check = recordedNullCheck(spec, 'GET', '/quotes', 200);
    expect(check(['quotes', 0, 'price'], 3)).toBeUndefined();
    expect(check(['quotes', 0, 'price'], '3')).toBe(
      'recorded null, got string, the spec says number or null',
    );
    expect(check(['free'], 1)).toMatch(/the spec gives the field no type \(getQuotes 200\)/);
    expect(recordedNullCheck(spec, 'POST', '/quotes', 200)(['x'], 1)).toMatch(
      /no operation of the spec serves/,
    );
  });
});
