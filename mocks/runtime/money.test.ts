import fc from 'fast-check';
import { minorUnitDigits, toMinorUnits, unusedShare } from './money';

describe('minorUnitDigits', () => {
  it('knows each currency’s minor unit, and no unit of a code that is no currency', () => {
    expect(['EGP', 'USD', 'JPY', 'KWD'].map(minorUnitDigits)).toEqual([2, 2, 0, 3]);
    expect(minorUnitDigits('egp')).toBeUndefined();
    expect(minorUnitDigits('E1P')).toBeUndefined();
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['450.00', 'EGP', 45000n],
    [0.5, 'EGP', 50n],
    ['1.230', 'USD', 123n],
    [1000, 'JPY', 1000n],
    ['0.125', 'KWD', 125n],
  ])('reads %j %s as %s minor units', (amount, currency, units) => {
    expect(toMinorUnits(amount, currency)).toEqual({ ok: true, units });
  });

  it.each([
    [0.0004, 'EGP', /no more than 2 decimal places/],
    ['1.005', 'EGP', /no more than 2 decimal places/],
    [0.5, 'JPY', /no more than 0 decimal places/],
    [1e-7, 'EGP', /plain decimal/],
    [-1, 'EGP', /plain decimal/],
    ['1', 'XYZ1', /no currency/],
  ])('refuses %j %s', (amount, currency, problem) => {
    const read = toMinorUnits(amount, currency);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problem).toMatch(problem);
  });

  it('gives back the same amount for any whole number of cents (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(toMinorUnits(text, 'EGP')).toEqual({ ok: true, units: BigInt(cents) });
      }),
    );
  });
});

describe('unusedShare', () => {
  const period = { start: 1000, end: 2000 };
  it('gives back the share of the time left', () => {
    expect(unusedShare(100n, period, 1500)).toBe(50n);
    expect(unusedShare(100n, period, 2500)).toBe(0n);
  });

  it('never gives back more than was charged, wherever the clock is (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 41 }),
        (charged, start, length, now) => {
          const share = unusedShare(charged, { start, end: start + length }, now);
          expect(share >= 0n && share <= charged).toBe(true);
        },
      ),
    );
    // A clock moved a year before the start gives back everything, not 27 times it.
    expect(unusedShare(21n, period, 1000 - 365 * 86_400)).toBe(21n);
  });
});
