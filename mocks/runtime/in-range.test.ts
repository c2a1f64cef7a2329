import { integerInRange } from './in-range';

test('an integer in range is returned; anything else is a RangeError naming it', () => {
  expect(integerInRange('leaseMs', 1000, 1000, 2000)).toBe(1000);
  expect(integerInRange('leaseMs', 2000, 1000, 2000)).toBe(2000);
  for (const value of [999, 2001, 1500.5, Number.NaN])
    expect(() => integerInRange('leaseMs', value, 1000, 2000)).toThrow(
      new RangeError('leaseMs must be an integer from 1000 to 2000'),
    );
});
