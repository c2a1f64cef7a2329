import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import {
  DegenerateAddition,
  FixedBaseTable,
  addAffine,
  generatorTable,
  infinity,
  toAffine,
} from './fixed-base';

const { n } = secp256k1.CURVE;
const G = secp256k1.ProjectivePoint.BASE;
const scalar = fc.bigInt({ min: 1n, max: n - 1n });

function multiplied(table: FixedBaseTable, k: bigint) {
  const point = infinity();
  table.addMultiple(point, k);
  return toAffine([point])[0];
}

describe('fixed-base multiplication', () => {
  const other = G.multiply(0xc0ffeen).toAffine();
  const otherTable = new FixedBaseTable(other, 4);

  it('agrees with @noble/curves for the generator and for another point (property)', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        expect(multiplied(generatorTable(), k)).toEqual(G.multiply(k).toAffine());
        expect(multiplied(otherTable, k)).toEqual(G.multiply(0xc0ffeen).multiply(k).toAffine());
      }),
      { numRuns: 40 },
    );
  });

  it('handles the edges of the scalar range', () => {
    for (const k of [1n, 2n, 255n, 256n, 2n ** 128n, 2n ** 255n, n - 1n]) {
      expect(multiplied(generatorTable(), k)).toEqual(G.multiply(k).toAffine());
    }
  });

  it('multiplies a batch in affine coordinates as @noble/curves does, one at a time (property)', () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 12 }), (ks) => {
        const batch = [...ks, 1n, 256n, 2n ** 255n, n - 1n];
        expect(otherTable.multiplyBatch(batch)).toEqual(
          batch.map((k) => G.multiply(0xc0ffeen).multiply(k).toAffine()),
        );
      }),
      { numRuns: 20 },
    );
  });

  it('refuses a zero scalar in a batch', () => {
    expect(() => otherTable.multiplyBatch([5n, 0n])).toThrow(RangeError);
  });

  it('gives undefined for the point at infinity, and refuses to add a point to its negation', () => {
    expect(toAffine([infinity()])).toEqual([undefined]);
    const point = infinity();
    addAffine(point, other.x, other.y);
    expect(() => addAffine(point, other.x, secp256k1.CURVE.Fp.neg(other.y))).toThrow(DegenerateAddition);
  });
});
