import { matchResponse } from './response-match';
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
