import type { FaultInput } from './faults';
import { FaultSet, MAX_ACTIVE_FAULTS } from './faults';

function fault(overrides: Partial<FaultInput> = {}): FaultInput {
  return {
    method: undefined,
    operationId: undefined,
    pathContains: undefined,
    status: 503,
    body: undefined,
    delayMs: 0,
    hold: false,
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

  it('lists only the rules still active, with the requests each holds', () => {
    const faults = new FaultSet();
    faults.add(fault({ times: 1 }));
    const unlimited = faults.add(fault({ operationId: 'other' }));
    expect(faults.list()).toHaveLength(2);
    faults.take('GET', '/', 'op');
    expect(faults.list()).toEqual([{ ...unlimited, held: 0 }]);
  });

  it('clear removes every rule', () => {
    const faults = new FaultSet();
    faults.add(fault());
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(faults.take('GET', '/', 'op')).toBeUndefined();
  });

  it('is full at MAX_ACTIVE_FAULTS active rules; used-up rules do not count', () => {
    const faults = new FaultSet();
    for (let index = 1; index < MAX_ACTIVE_FAULTS; index++) faults.add(fault({ operationId: 'other' }));
    faults.add(fault({ times: 1 }));
    expect(faults.full).toBe(true);
    faults.take('GET', '/', 'op');
    expect(faults.full).toBe(false);
  });
});

describe('FaultSet holds', () => {
  /** Whether a promise has settled, seen after the microtasks queued so far have run. */
  const settled = async (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('holds a taken request until the rule is released, counting it meanwhile', async () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ hold: true, status: undefined, times: 1 }));
    expect(faults.take('GET', '/', 'op')).toBe(rule);
    const waiting = faults.wait(rule);
    // Used up, yet still listed: it holds a request.
    expect(faults.list()).toEqual([expect.objectContaining({ id: rule.id, held: 1, remaining: 0 })]);
    expect(await settled(waiting)).toBe(false);
    expect(faults.release(rule.id)).toBe(1);
    expect(await settled(waiting)).toBe(true);
    expect(faults.list()).toEqual([]);
  });

  it('retires a released rule: later requests pass; an unknown id releases nothing', () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ hold: true }));
    expect(faults.release(rule.id)).toBe(0);
    expect(faults.take('GET', '/', 'op')).toBeUndefined();
    expect(faults.release(rule.id)).toBeUndefined();
    expect(faults.release(999)).toBeUndefined();
  });

  it('lets held requests go on clear', async () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ hold: true }));
    expect(faults.take('GET', '/', 'op')).toBe(rule);
    const first = faults.wait(rule);
    const second = faults.wait(rule);
    expect(faults.list()[0]?.held).toBe(2);
    faults.clear();
    await Promise.all([first, second]);
    expect(faults.list()).toEqual([]);
  });

  it('does not hold for a rule that does not hold', async () => {
    const faults = new FaultSet();
    const rule = faults.add(fault());
    expect(faults.take('GET', '/', 'op')).toBe(rule);
    await faults.wait(rule);
    expect(faults.list()[0]?.held).toBe(0);
  });
});
