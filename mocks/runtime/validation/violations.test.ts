import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import { violationsFromAjv } from './violations';

const ajv = new Ajv2020({ strict: false, allErrors: true });

/** The errors a real Ajv 2020 validator reports for `data` against `schema`. */
function ajvErrors(schema: object, data: unknown): ErrorObject[] {
  const validate = ajv.compile(schema);
  expect(validate(data)).toBe(false);
  return validate.errors ?? [];
}

const fieldsAndKeywords = (schema: object, data: unknown) =>
  violationsFromAjv('body', ajvErrors(schema, data)).violations.map(({ field, keyword }) => [field, keyword]);

describe('violationsFromAjv', () => {
  it('turns the instance path into field keys, array indexes as numbers', () => {
    const schema = {
      type: 'object',
      properties: {
        request: {
          type: 'array',
          items: { type: 'object', properties: { policy_type: { type: 'string' } } },
        },
      },
    };
    const [violation, ...rest] = violationsFromAjv(
      'body',
      ajvErrors(schema, { request: [{ policy_type: 'a' }, { policy_type: 7 }] }),
    ).violations;
    expect(rest).toEqual([]);
    expect(violation).toEqual({
      in: 'body',
      field: ['request', 1, 'policy_type'],
      keyword: 'type',
      message: 'must be string',
      params: { type: 'string' },
    });
  });

  it('reads canonical integers as indexes (object keys too) and other digit strings, like 01, as keys', () => {
    const schema = {
      type: 'object',
      additionalProperties: { type: 'string' },
    };
    expect(fieldsAndKeywords(schema, { '10': 1, '01': 2 })).toEqual([
      [[10], 'type'],
      [['01'], 'type'],
    ]);
  });

  it('names a __proto__ key, which JSON.parse keeps as an own property, like any other', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false };
    expect(fieldsAndKeywords(schema, JSON.parse('{"__proto__": {"a": 1}}'))).toEqual([
      [['__proto__'], 'additionalProperties'],
    ]);
  });

  it('unescapes JSON pointer tokens in field names', () => {
    const schema = { type: 'object', additionalProperties: { type: 'integer' } };
    expect(fieldsAndKeywords(schema, { 'a/b': 'x', 'c~d': 'y' })).toEqual([
      [['a/b'], 'type'],
      [['c~d'], 'type'],
    ]);
  });

  it('appends the missing property to a required error', () => {
    const schema = {
      type: 'object',
      properties: { policyholder: { type: 'object', required: ['phone', 'email'] } },
      required: ['policyholder', 'currency'],
    };
    expect(fieldsAndKeywords(schema, { policyholder: {} })).toEqual([
      [['currency'], 'required'],
      [['policyholder', 'phone'], 'required'],
      [['policyholder', 'email'], 'required'],
    ]);
  });

  it('appends the unexpected property to an additionalProperties error', () => {
    const schema = {
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', additionalProperties: false } } },
      additionalProperties: false,
    };
    expect(fieldsAndKeywords(schema, { extra: 1, items: [{ surprise: true }] })).toEqual([
      [['extra'], 'additionalProperties'],
      [['items', 0, 'surprise'], 'additionalProperties'],
    ]);
  });

  it('reports a root-level problem with an empty field path and the given location', () => {
    expect(violationsFromAjv('query', ajvErrors({ type: 'object' }, 'text')).violations).toEqual([
      { in: 'query', field: [], keyword: 'type', message: 'must be object', params: { type: 'object' } },
    ]);
  });

  it('skips composite keywords, keeping what their branches said', () => {
    const schema = {
      type: 'object',
      properties: {
        value: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        kind: { oneOf: [{ const: 'a' }, { const: 'b' }] },
        both: { allOf: [{ type: 'string' }, { minLength: 3 }] },
        cond: { if: { type: 'string' }, then: { minLength: 2 }, else: { type: 'integer' } },
      },
    };
    const keywords = fieldsAndKeywords(schema, { value: true, kind: 'c', both: 'ab', cond: 1.5 });
    expect(keywords).toEqual([
      [['value'], 'type'],
      [['kind'], 'const'],
      [['both'], 'minLength'],
      [['cond'], 'type'],
    ]);
  });

  it('keeps a oneOf that several branches passed: nothing else says what is wrong', () => {
    const schema = { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(fieldsAndKeywords(schema, { a: 1, b: 2 })).toEqual([[[], 'oneOf']]);
  });

  it('reports the same keyword at the same field once, keeping the first', () => {
    const schema = {
      type: 'object',
      properties: { value: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }] } },
    };
    const violations = violationsFromAjv('body', ajvErrors(schema, { value: 1.5 })).violations;
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ field: ['value'], keyword: 'type', params: { type: 'string' } });
  });

  it('keeps different keywords at one field and one keyword at different fields', () => {
    const schema = {
      type: 'object',
      properties: { code: { type: 'string', minLength: 3, pattern: '^[A-Z]+$' }, other: { minLength: 3 } },
    };
    expect(fieldsAndKeywords(schema, { code: 'a', other: 'b' })).toEqual([
      [['code'], 'minLength'],
      [['code'], 'pattern'],
      [['other'], 'minLength'],
    ]);
  });

  it('falls back to the keyword when Ajv gives no message', () => {
    const error: ErrorObject = { keyword: 'custom', instancePath: '/a', schemaPath: '#/custom', params: {} };
    expect(violationsFromAjv('header', [error])).toEqual({
      violations: [{ in: 'header', field: ['a'], keyword: 'custom', message: 'custom', params: {} }],
      omitted: 0,
    });
  });

  it('reports the first `limit` violations in full and counts the others, duplicates once', () => {
    const schema = { type: 'object', additionalProperties: false, required: ['id'] };
    const data = Object.fromEntries(Array.from({ length: 1000 }, (_, index) => [`k${index}`, index]));
    const { violations, omitted } = violationsFromAjv('body', ajvErrors(schema, data), 3);
    expect(violations.map(({ field, keyword }) => [field, keyword])).toEqual([
      [['id'], 'required'],
      [['k0'], 'additionalProperties'],
      [['k1'], 'additionalProperties'],
    ]);
    expect(omitted).toBe(998);
    // Branches of a composite keyword repeat a field and keyword: past the cap too, they count once.
    const branches = { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'boolean' }] } };
    const items = Array.from({ length: 10 }, (_, index) => index);
    expect(violationsFromAjv('body', ajvErrors(branches, items), 3)).toMatchObject({ omitted: 7 });
  });
});
