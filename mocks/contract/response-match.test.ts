import { checkSupportedResponse, matchResponse } from './response-match';
import type { PactResponse } from './pact-file';
import type { RuleList } from './rules';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const rules = (...matchers: RuleList['matchers']): RuleList => ({ combine: 'AND', matchers });

function expected(content: unknown, body: Record<string, RuleList> = {}): PactResponse {
  return {
    status: 200,
    headers: { 'Content-Type': ['application/json'] },
    body: { content, contentType: 'application/json' },
    matchingRules: { body },
  };
}

const received = (body: unknown, headers: Record<string, string> = {}, status = 200) => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: json(body),
});

describe('matchResponse', () => {
  it('compares values without rules exactly, and allows fields the contract does not name', () => {
    const contract = expected({ status: 'CONFIRMED', total: 2 });
    expect(matchResponse(contract, received({ status: 'CONFIRMED', total: 2, extra: true }))).toEqual([]);
    expect(matchResponse(contract, received({ status: 'PENDING', total: 2 }))).toEqual([
      { where: '$.status', message: 'expected "CONFIRMED", got "PENDING"' },
    ]);
    expect(matchResponse(contract, received({ total: 2 }))).toEqual([
      { where: '$.status', message: 'missing (expected "CONFIRMED")' },
    ]);
  });

  it('applies a rule to its node and everything below it (like)', () => {
    const contract = expected({ coi: { url: 'https://a', n: 1 } }, { '$.coi': rules({ match: 'type' }) });
    expect(matchResponse(contract, received({ coi: { url: 'https://b', n: 7 } }))).toEqual([]);
    expect(matchResponse(contract, received({ coi: { url: 5, n: 7 } }))).toEqual([
      { where: '$.coi.url', message: 'expected string, got number 5' },
    ]);
  });

  it('checks every item of an eachLike list against the contract item, with its minimum', () => {
    const contract = expected(
      { quotes: [{ id: 'a-1' }] },
      {
        '$.quotes': rules({ match: 'type', min: 1 }),
        '$.quotes[*].id': rules({ match: 'regex', regex: '^a-\\d$' }),
      },
    );
    expect(matchResponse(contract, received({ quotes: [{ id: 'a-2' }, { id: 'a-3' }] }))).toEqual([]);
    expect(matchResponse(contract, received({ quotes: [{ id: 'a-2' }, { id: 'b' }] }))).toEqual([
      { where: '$.quotes[1].id', message: 'expected a value matching /^a-\\d$/, got "b"' },
    ]);
    expect(matchResponse(contract, received({ quotes: [] }))).toEqual([
      { where: '$.quotes', message: 'expected at least 1 item(s), got 0' },
    ]);
  });

  it('reads `[0]` as the field "0" of an object, as Pact writes it', () => {
    const contract = expected(
      { quotes: { '0': { price: 1 } } },
      { '$.quotes[0].price': rules({ match: 'number' }) },
    );
    expect(matchResponse(contract, received({ quotes: { '0': { price: 2.5 } } }))).toEqual([]);
    expect(matchResponse(contract, received({ quotes: { '0': { price: '2' } } }))).toEqual([
      { where: "$.quotes['0'].price", message: 'expected a number, got "2"' },
    ]);
  });

  it('passes an OR list when one matcher passes', () => {
    const contract = expected(
      { v: 1 },
      { '$.v': { combine: 'OR', matchers: [{ match: 'null' }, { match: 'integer' }] } },
    );
    expect(matchResponse(contract, received({ v: 3 }))).toEqual([]);
    expect(matchResponse(contract, received({ v: 'x' }))).toHaveLength(1);
  });

  it('stops at the status when it differs, and checks headers by media type and named parameters', () => {
    const contract = expected({ a: 1 });
    expect(matchResponse(contract, received({ b: 2 }, {}, 500))).toEqual([
      { where: 'status', message: 'expected 200, got 500' },
    ]);
    expect(matchResponse(contract, received({ a: 1 }, { 'content-type': 'text/html' }))).toEqual([
      { where: 'header Content-Type', message: 'expected "application/json", got "text/html"' },
    ]);
  });

  it('says when a JSON body is not JSON', () => {
    const contract = expected({ a: 1 });
    expect(matchResponse(contract, { ...received({}), body: Buffer.from('<html>') })).toEqual([
      { where: 'body', message: 'expected JSON, got "<html>"' },
    ]);
  });
});

describe('matchers without a case in the specification, as Pact defines them', () => {
  const one = (matcher: RuleList['matchers'][number], example: unknown, actual: unknown) =>
    matchResponse(expected({ v: example }, { '$.v': rules(matcher) }), received({ v: actual })).length === 0;

  it('decimal: a number with a fractional part, never an integer', () => {
    expect(one({ match: 'decimal' }, 1.5, 2.25)).toBe(true);
    expect(one({ match: 'decimal' }, 1.5, 2)).toBe(false);
    expect(one({ match: 'decimal' }, 1.5, '2.5')).toBe(false);
  });

  it('equality: equal values, objects whatever their key order', () => {
    expect(one({ match: 'equality' }, { a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(one({ match: 'equality' }, { a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(one({ match: 'equality' }, [1, 2], [2, 1])).toBe(false);
  });

  it('notEmpty: the example type, not empty', () => {
    expect(one({ match: 'notEmpty' }, 'x', 'yz')).toBe(true);
    expect(one({ match: 'notEmpty' }, 'x', '')).toBe(false);
    expect(one({ match: 'notEmpty' }, [1], [])).toBe(false);
    expect(one({ match: 'notEmpty' }, [1], [4, 5])).toBe(true);
  });

  it('semver: a semantic version', () => {
    expect(one({ match: 'semver' }, '1.0.0', '10.2.3-rc.1+build.5')).toBe(true);
    expect(one({ match: 'semver' }, '1.0.0', '1.0')).toBe(false);
  });

  it('regex: the whole value must match', () => {
    expect(one({ match: 'regex', regex: '\\d+' }, '1', 'a1')).toBe(false);
    expect(one({ match: 'regex', regex: '\\d+' }, '1', '12')).toBe(true);
  });

  it('refuses by name the matchers it does not implement', () => {
    for (const match of [
      'datetime',
      'date',
      'time',
      'timestamp',
      'arrayContains',
      'eachKey',
      'eachValue',
      'values',
      'contentType',
      'statusCode',
    ])
      expect(() => checkSupportedResponse(expected({ v: 1 }, { '$.v': rules({ match }) }), 'c')).toThrow(
        `unsupported matcher "${match}" at body $.v`,
      );
  });
});

describe('headers, as Pact compares them', () => {
  const header = (name: string, want: string, got: string) =>
    matchResponse(
      { status: 200, headers: { [name]: [want] } },
      { status: 200, headers: { [name.toLowerCase()]: got }, body: Buffer.alloc(0) },
    );

  it('compares comma lists item by item, whitespace around items ignored, order kept', () => {
    expect(header('Vary', 'a,b', 'a, b')).toEqual([]);
    expect(header('Vary', 'a, b', 'b, a')).toHaveLength(1);
    expect(header('Vary', 'a', 'A')).toHaveLength(1);
  });

  it('compares Content-Type by media type and the parameters the contract names, their values whatever the case', () => {
    expect(
      header('Content-Type', 'application/json;charset=utf-8', 'Application/JSON; charset=UTF-8'),
    ).toEqual([]);
    expect(header('Content-Type', 'application/json', 'application/json; charset=utf-8')).toEqual([]);
    expect(
      header('Content-Type', 'application/json; charset=utf-16', 'application/json; charset=utf-8'),
    ).toHaveLength(1);
  });
});
