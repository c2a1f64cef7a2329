import { ensuroIdOf } from './ensuro-id';

describe('ensuroIdOf', () => {
  it('puts the risk module above the low 96 bits of data_hash', () => {
    const id = BigInt(
      ensuroIdOf('0x79D1cA16Cf39367f9d7A66974ee2627f45857029', `0x${'ff'.repeat(20)}${'01'.repeat(12)}`),
    );
    expect(id >> 96n).toBe(BigInt('0x79D1cA16Cf39367f9d7A66974ee2627f45857029'));
    expect(id & ((1n << 96n) - 1n)).toBe(BigInt(`0x${'01'.repeat(12)}`));
  });
});
