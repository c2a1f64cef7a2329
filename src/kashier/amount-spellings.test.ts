import { otherAmountSpellings } from './amount-spellings';

describe('otherAmountSpellings', () => {
  it('lists the other usual spellings of the same amount, never the one given', () => {
    expect(otherAmountSpellings('600.00')).toEqual(['600', '600.0', '600.000']);
    expect(otherAmountSpellings('600')).toEqual(['600.0', '600.00', '600.000']);
    expect(otherAmountSpellings('99.5')).toEqual(['99.50', '99.500']);
    expect(otherAmountSpellings('007.25')).toEqual(['7.25', '7.250']);
  });

  it('has none for what is not a plain decimal, or has more decimals than Kashier uses', () => {
    expect(otherAmountSpellings('1e3')).toEqual([]);
    expect(otherAmountSpellings('-5')).toEqual([]);
    expect(otherAmountSpellings('1.2345')).toEqual([]);
  });
});
