import fc from 'fast-check';
import { formatMoney, roundMoney } from './money';

describe('formatMoney', () => {
  it.each([
    [2.01, 'GBP', '£2.01'],
    [2.75, 'AUD', 'A$2.75'],
    [54211.21, 'GBP', '£54211.21'],
    [10, 'USD', '$10.00'],
    [-1, 'EUR', '-€1.00'],
    [1234, 'JPY', '¥1234'],
    [3.5, 'CHF', 'CHF\u00a03.50'],
  ])('writes %p %s as %p', (...[amount, currency, expected]) => {
    expect(formatMoney(amount as number, currency as string)).toBe(expected);
  });

  it('writes what Intl writes, for any amount and a spread of currencies', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((amount) => roundMoney(amount) + 0),
        fc.constantFrom('GBP', 'USD', 'EUR', 'AUD', 'NZD', 'CAD', 'JPY', 'CHF', 'SEK', 'INR', 'KWD'),
        (amount, currency) => {
          const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, useGrouping: false });
          expect(formatMoney(amount, currency)).toBe(intl.format(amount));
        },
      ),
    );
  });
});
