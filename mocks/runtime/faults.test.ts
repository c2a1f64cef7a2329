import type { FaultInput, FaultRequest } from './faults';
import { FaultSet, MAX_ACTIVE_FAULTS } from './faults';

function fault(overrides: Partial<FaultInput> = {}): FaultInput {
  return { probability: 1, status: 503, delayMs: 0, afterCommit: false, hold: false, ...overrides };
}

/** A request as the pipeline describes it to the fault set. */
function request(method: string, path: string, operationId: string, more: Partial<FaultRequest> = {}) {
  return { method, path, relativePath: path, operationId, headers: {}, keys: [], ...more };
}

/** The rule that fires for the request, if any. */
const take = (faults: FaultSet, method: string, path: string, operationId: string) =>
  faults.take(request(method, path, operationId))?.rule;

describe('FaultSet', () => {
  it('numbers rules from 1 and makes a rule without times unlimited', () => {
    const faults = new FaultSet();
    const first = faults.add(fault());
    const second = faults.add(fault({ times: 2 }));
    expect([first.id, first.remaining]).toEqual([1, Number.POSITIVE_INFINITY]);
    expect([second.id, second.remaining]).toEqual([2, 2]);
    expect(second).not.toHaveProperty('times');
    expect([first.seed, first.fired]).toEqual([1, 0]);
  });

  it('applies a rule without criteria to every request', () => {
    const faults = new FaultSet();
    const rule = faults.add(fault());
    expect(take(faults, 'GET', '/x/anything', 'op')).toBe(rule);
    expect(take(faults, 'POST', '/', 'other')).toBe(rule);
    expect(rule.remaining).toBe(Number.POSITIVE_INFINITY);
  });

  it('matches a glob over the path beneath the base, a header and the credential used', () => {
    const faults = new FaultSet({ apiKey: 'key_a', otherKey: 'key_b' });
    const rule = faults.add(
      fault({
        path: '/partners/*/bookings/**',
        header: { name: 'x-test', value: 'on' },
        credential: 'apiKey',
      }),
    );
    const booking = (more: Partial<FaultRequest>) =>
      faults.take(
        request('POST', '/x/partners/P1/bookings/B1/', 'op', {
          relativePath: '/partners/P1/bookings/B1/',
          ...more,
        }),
      )?.rule;
    const matching = { headers: { 'x-test': 'on' }, keys: ['key_a'] };
    expect(booking(matching)).toBe(rule);
    expect(booking({ ...matching, relativePath: '/partners/P1/quotes/' })).toBeUndefined();
    expect(booking({ ...matching, headers: { 'x-test': 'off' } })).toBeUndefined();
    expect(booking({ ...matching, headers: {} })).toBeUndefined();
    expect(booking({ ...matching, keys: ['key_b'] })).toBeUndefined();
    expect(rule.fired).toBe(1);
  });

  it('fires with its probability from its seeded generator: the same seed gives the same faults', () => {
    const pattern = (seed: number) => {
      const faults = new FaultSet();
      faults.add(fault({ probability: 0.3, seed }));
      return Array.from({ length: 200 }, () => (take(faults, 'GET', '/', 'op') ? 1 : 0)).join('');
    };
    expect(pattern(42)).toBe(pattern(42));
    expect(pattern(42)).not.toBe(pattern(43));
    const fired = [...pattern(42)].filter((bit) => bit === '1').length;
    expect(fired).toBeGreaterThan(35);
    expect(fired).toBeLessThan(85);
  });

  it('draws a latency per firing from the rule generator, added to its fixed delay', () => {
    const waits = (seed: number) => {
      const faults = new FaultSet();
      faults.add(fault({ delayMs: 5, latency: { distribution: 'uniform', minMs: 10, maxMs: 20 }, seed }));
      return Array.from({ length: 20 }, () => faults.take(request('GET', '/', 'op'))?.waitMs);
    };
    expect(waits(7)).toEqual(waits(7));
    for (const wait of waits(7)) {
      expect(wait).toBeGreaterThanOrEqual(15);
      expect(wait).toBeLessThanOrEqual(25);
    }
  });

  it('matches on method, operationId and path text, all of those given', () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ method: 'POST', operationId: 'createQuote', pathContains: '/quotes' }));
    expect(take(faults, 'GET', '/x/quotes/', 'createQuote')).toBeUndefined();
    expect(take(faults, 'POST', '/x/quotes/', 'getQuote')).toBeUndefined();
    expect(take(faults, 'POST', '/x/bookings/', 'createQuote')).toBeUndefined();
    expect(take(faults, 'POST', '/x/partners/P/quotes/', 'createQuote')).toBe(rule);
  });

  it('compares the method exactly (parseFaultInput upper-cases it)', () => {
    const faults = new FaultSet();
    faults.add(fault({ method: 'POST' }));
    expect(take(faults, 'post', '/', 'op')).toBeUndefined();
  });

  it('takes the first matching rule in the order added', () => {
    const faults = new FaultSet();
    const specific = faults.add(fault({ operationId: 'a', status: 500 }));
    const general = faults.add(fault({ status: 502 }));
    expect(take(faults, 'GET', '/', 'a')).toBe(specific);
    expect(take(faults, 'GET', '/', 'b')).toBe(general);
  });

  it('uses a rule up `times` times, then lets the next one (or none) apply', () => {
    const faults = new FaultSet();
    const twice = faults.add(fault({ times: 2, status: 500 }));
    const fallback = faults.add(fault({ operationId: 'op', status: 429, times: 1 }));
    expect(take(faults, 'GET', '/', 'op')).toBe(twice);
    expect(twice.remaining).toBe(1);
    expect(take(faults, 'GET', '/', 'op')).toBe(twice);
    expect(twice.remaining).toBe(0);
    expect(take(faults, 'GET', '/', 'op')).toBe(fallback);
    expect(take(faults, 'GET', '/', 'op')).toBeUndefined();
  });

  it('lists only the rules still active, with the requests each holds', () => {
    const faults = new FaultSet();
    faults.add(fault({ times: 1 }));
    const unlimited = faults.add(fault({ operationId: 'other' }));
    expect(faults.list()).toHaveLength(2);
    take(faults, 'GET', '/', 'op');
    expect(faults.list()).toEqual([{ ...unlimited, held: 0 }]);
  });

  it('clear removes every rule', () => {
    const faults = new FaultSet();
    faults.add(fault());
    faults.clear();
    expect(faults.list()).toEqual([]);
    expect(take(faults, 'GET', '/', 'op')).toBeUndefined();
  });

  it('is full at MAX_ACTIVE_FAULTS active rules; used-up rules do not count', () => {
    const faults = new FaultSet();
    for (let index = 1; index < MAX_ACTIVE_FAULTS; index++) faults.add(fault({ operationId: 'other' }));
    faults.add(fault({ times: 1 }));
    expect(faults.full).toBe(true);
    take(faults, 'GET', '/', 'op');
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
    expect(take(faults, 'GET', '/', 'op')).toBe(rule);
    const waiting = faults.wait({ rule, waitMs: 0 });
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
    expect(take(faults, 'GET', '/', 'op')).toBeUndefined();
    expect(faults.release(rule.id)).toBeUndefined();
    expect(faults.release(999)).toBeUndefined();
  });

  it('lets held requests go on clear', async () => {
    const faults = new FaultSet();
    const rule = faults.add(fault({ hold: true }));
    expect(take(faults, 'GET', '/', 'op')).toBe(rule);
    const first = faults.wait({ rule, waitMs: 0 });
    const second = faults.wait({ rule, waitMs: 0 });
    expect(faults.list()[0]?.held).toBe(2);
    faults.clear();
    await Promise.all([first, second]);
    expect(faults.list()).toEqual([]);
  });

  it('does not hold for a rule that does not hold', async () => {
    const faults = new FaultSet();
    const rule = faults.add(fault());
    expect(take(faults, 'GET', '/', 'op')).toBe(rule);
    await faults.wait({ rule, waitMs: 0 });
    expect(faults.list()[0]?.held).toBe(0);
  });
});
