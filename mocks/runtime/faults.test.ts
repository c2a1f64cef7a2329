import type { FaultInput } from './faults';
import { FaultSet, parseFaultInput } from './faults';

function fault(overrides: Partial<FaultInput> = {}): FaultInput {
  return {
    method: undefined,
    operationId: undefined,
    pathContains: undefined,
    status: 503,
    body: undefined,
    delayMs: 0,
    times: undefined,
    ...overrides,
  };
}

describe('FaultSet', () => {
  it('numbers rules from 1 and makes a rule without times unlimited', () => {
    const faults = new FaultSet();
    const first = faults.add(fault());
    const second = faults.add(fault({ times: 2 }));
    expect([first.id, first.remaining]).toEqual([1, Number.POSITIVE_INFINITY]);
    expect([second.id, second.remaining]).toEqual([2, 2]);
    expect(second).not.toHaveProperty('times');
  });

  it('applies a rule without criteria to every request', () => {
    const faults = new FaultSet();
    const rule = faults.add(fault());
    expect(faults.take('GET', '/x/anything', 'op')).toBe(rule);
    expect(faults.take('POST', '/', 'other')).toBe(rule);
    expect(rule.remaining).toBe(Number.POSITIVE_INFINITY);
  });

  it('matches on method, operationId and path text, all of those given', () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ method: 'POST', operationId: 'createQuote', pathContains: '/quotes' }));
    expect(faults.take('GET', '/x/quotes/', 'createQuote')).toBeUndefined();
    expect(faults.take('POST', '/x/quotes/', 'getQuote')).toBeUndefined();
    expect(faults.take('POST', '/x/bookings/', 'createQuote')).toBeUndefined();
    expect(faults.take('POST', '/x/partners/P/quotes/', 'createQuote')).toBe(rule);
  });

  it('compares the method exactly (parseFaultInput upper-cases it)', () => {
    const faults = new FaultSet();
    faults.add(fault({ method: 'POST' }));
    expect(faults.take('post', '/', 'op')).toBeUndefined();
  });

  it('takes the first matching rule in the order added', () => {
    const faults = new FaultSet();
    const specific = faults.add(fault({ operationId: 'a', status: 500 }));
    const general = faults.add(fault({ status: 502 }));
    expect(faults.take('GET', '/', 'a')).toBe(specific);
    expect(faults.take('GET', '/', 'b')).toBe(general);
  });

  it('uses a rule up `times` times, then lets the next one (or none) apply', () => {
    const faults = new FaultSet();
    const twice = faults.add(fault({ times: 2, status: 500 }));
    const fallback = faults.add(fault({ operationId: 'op', status: 429, times: 1 }));
    expect(faults.take('GET', '/', 'op')).toBe(twice);
    expect(twice.remaining).toBe(1);
    expect(faults.take('GET', '/', 'op')).toBe(twice);
    expect(twice.remaining).toBe(0);
    expect(faults.take('GET', '/', 'op')).toBe(fallback);
    expect(faults.take('GET', '/', 'op')).toBeUndefined();
  });

  it('lists only the rules still active', () => {
    const faults = new FaultSet();
    faults.add(fault({ times: 1 }));
    const unlimited = faults.add(fault({ operationId: 'other' }));
    expect(faults.list()).toHaveLength(2);
    faults.take('GET', '/', 'op');
    expect(faults.list()).toEqual([unlimited]);
  });

  it('clear removes every rule', () => {
    const faults = new FaultSet();
    faults.add(fault());
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.take('GET', '/', 'op')).toBeUndefined();
  });
});

describe('parseFaultInput', () => {
  it('accepts a full fault, upper-casing the method', () => {
    expect(
      parseFaultInput({
        method: 'post',
        operationId: 'createQuote',
        pathContains: '/quotes',
        status: 500,
        body: { detail: 'boom' },
        delayMs: 250,
        times: 3,
      }),
    ).toEqual({
      method: 'POST',
      operationId: 'createQuote',
      pathContains: '/quotes',
      status: 500,
      body: { detail: 'boom' },
      delayMs: 250,
      times: 3,
    });
  });

  it('accepts a delay-only fault and a status-only fault, delay defaulting to 0', () => {
    expect(parseFaultInput({ delayMs: 0 })).toEqual({
      method: undefined,
      operationId: undefined,
      pathContains: undefined,
      status: undefined,
      body: undefined,
      delayMs: 0,
      times: undefined,
    });
    expect(parseFaultInput({ status: 200 })).toMatchObject({ status: 200, delayMs: 0 });
    expect(parseFaultInput({ status: 599, delayMs: 60000, times: 1 })).toMatchObject({
      status: 599,
      delayMs: 60000,
      times: 1,
    });
  });

  it.each([
    [null, 'expected a JSON object'],
    [[], 'expected a JSON object'],
    ['status=500', 'expected a JSON object'],
    [42, 'expected a JSON object'],
    [{ status: 500, stauts: 1, delay: 2 }, 'unknown field(s): stauts, delay'],
    [{ status: 500, method: 1 }, 'method, operationId and pathContains must be strings'],
    [{ status: 500, operationId: null }, 'method, operationId and pathContains must be strings'],
    [{ status: 500, pathContains: ['/x'] }, 'method, operationId and pathContains must be strings'],
    [{ status: 199 }, 'status must be an integer from 200 to 599'],
    [{ status: 600 }, 'status must be an integer from 200 to 599'],
    [{ status: 500.5 }, 'status must be an integer from 200 to 599'],
    [{ status: '500' }, 'status must be an integer from 200 to 599'],
    [{ delayMs: -1 }, 'delayMs must be an integer from 0 to 60000'],
    [{ delayMs: 60001 }, 'delayMs must be an integer from 0 to 60000'],
    [{ delayMs: 1.5 }, 'delayMs must be an integer from 0 to 60000'],
    [{ status: 500, times: 0 }, 'times must be a positive integer'],
    [{ status: 500, times: 1.5 }, 'times must be a positive integer'],
    [{ status: 500, times: '2' }, 'times must be a positive integer'],
    [{}, 'a fault needs a status, a delayMs, or both'],
    [{ method: 'GET', times: 2, body: {} }, 'a fault needs a status, a delayMs, or both'],
  ])('refuses %j: %s', (body, message) => {
    expect(parseFaultInput(body)).toBe(message);
  });
});
