import { formatAmount, parseAmount, parseExpiration, parseProbability } from './units';

describe('parseAmount', () => {
  it.each([
    ['190.25', 190_250_000n],
    [190.25, 190_250_000n],
    ['1000.2', 1_000_200_000n],
    [5, 5_000_000n],
    ['0.000001', 1n],
  ])('reads %p at 6 decimals', (value, units) => {
    expect(parseAmount(value, 6)).toEqual({ ok: true, value: units });
  });

  it.each([
    ['0'],
    ['-1'],
    ['1e3'],
    [1e21],
    ['01.5'],
    ['1.0000001'],
    [' 1'],
    ['1.'],
    [''],
    [null],
    [true],
    ['1'.repeat(16)],
  ])('refuses %p', (value) => {
    expect(parseAmount(value, 6).ok).toBe(false);
  });

  it('formats back without trailing zeros', () => {
    expect(formatAmount(19_900_000n, 6)).toBe('19.9');
    expect(formatAmount(190_000_000n, 6)).toBe('190');
    expect(formatAmount(1n, 6)).toBe('0.000001');
  });
});

describe('parseProbability', () => {
  it('reads a loss probability as a wad', () => {
    expect(parseProbability('0.105')).toEqual({ ok: true, value: 105_000_000_000_000_000n });
    expect(parseProbability('0.0').ok).toBe(false);
    expect(parseProbability('1.0').ok).toBe(false);
  });
});

describe('parseExpiration', () => {
  it('reads ISO date-times and epoch seconds', () => {
    expect(parseExpiration('2022-10-27T21:36:07.211025Z')).toEqual({ ok: true, value: 1_666_906_567 });
    expect(parseExpiration('2022-10-27T23:36:07+02:00')).toEqual({ ok: true, value: 1_666_906_567 });
    expect(parseExpiration(1_666_906_567)).toEqual({ ok: true, value: 1_666_906_567 });
  });

  it.each([['2022-10-27'], ['2022-13-27T00:00:00Z'], [1.5], [-1], [2 ** 40], ['tomorrow'], [null]])(
    'refuses %p',
    (value) => {
      expect(parseExpiration(value).ok).toBe(false);
    },
  );
});
