import fc from 'fast-check';
import { sameBytes, sameSecret } from './constant-time';

describe('sameSecret', () => {
  it('is string equality, whatever the lengths', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(sameSecret(a, b)).toBe(a === b);
        expect(sameSecret(a, a)).toBe(true);
      }),
    );
  });

  it('tells apart strings that differ only in the last character or in case', () => {
    expect(sameSecret('sk_test_abc', 'sk_test_abd')).toBe(false);
    expect(sameSecret('ABC', 'abc')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});

describe('sameBytes', () => {
  it('is byte equality, false for different lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        expect(sameBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(sameBytes(a, Uint8Array.from(a))).toBe(true);
      }),
    );
    expect(sameBytes(Buffer.from([1, 2]), Buffer.from([1, 2, 3]))).toBe(false);
  });
});
