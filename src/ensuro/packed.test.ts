import fc from 'fast-check';
import { solidityPacked } from 'ethers';
import { encodePacked, type PackedField } from './packed';

const uint = (bits: number) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n });
const hexOf = (bytes: number) =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`);
const field: fc.Arbitrary<PackedField> = fc.oneof(
  hexOf(20).map((value) => ['address', value] as const),
  hexOf(32).map((value) => ['bytes32', value] as const),
  uint(256).map((value) => ['uint256', value] as const),
  uint(40).map((value) => ['uint40', value] as const),
);

describe('encodePacked', () => {
  it('answers as ethers solidityPacked (property)', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 8 }), (fields) => {
        expect(encodePacked(fields)).toBe(
          solidityPacked(
            fields.map(([type]) => type),
            fields.map(([, value]) => value),
          ),
        );
      }),
    );
  });

  it('refuses values that are not of their type or do not fit', () => {
    expect(() => encodePacked([['uint40', 2 ** 40]])).toThrow(RangeError);
    expect(() => encodePacked([['uint256', -1n]])).toThrow(RangeError);
    expect(() => encodePacked([['bytes32', '0x12']])).toThrow(TypeError);
    expect(() => encodePacked([['address', 'not an address']])).toThrow(TypeError);
  });
});
