import fc from 'fast-check';
import { amountText, thousandths } from './views';

describe('amountText', () => {
  it('writes two decimals, three when the fils need them', () => {
    expect([110, 110.5, 9.125, 0.1, 100000000].map(amountText)).toEqual([
      '110.00',
      '110.50',
      '9.125',
      '0.10',
      '100000000.00',
    ]);
  });

  it('writes every amount of at most three decimals as a checkout amount of the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (value) => {
        const amount = value / 1000;
        const text = amountText(amount);
        expect(text).toMatch(/^[0-9]{1,9}\.[0-9]{2,3}$/);
        expect(thousandths(Number(text))).toBe(value);
      }),
    );
  });
});
