import fc from 'fast-check';
import { keccak256 } from 'ethers';
import { keccak256Hex } from './keccak';

describe('keccak256Hex', () => {
  it('answers the known hashes of the empty string and of "abc"', () => {
    expect(keccak256Hex(new Uint8Array())).toBe(
      '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    );
    expect(keccak256Hex(Buffer.from('abc'))).toBe(
      '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    );
  });

  it('agrees with ethers keccak256 at every length around the block boundaries (property)', () => {
    for (const length of [1, 135, 136, 137, 271, 272, 273]) {
      const bytes = Buffer.alloc(length, length);
      expect(keccak256Hex(bytes)).toBe(keccak256(bytes));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (bytes) => {
        expect(keccak256Hex(bytes)).toBe(keccak256(bytes));
      }),
    );
  });
});
