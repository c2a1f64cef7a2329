import fc from 'fast-check';
import { Signature, Wallet } from 'ethers';
import { parseCompactSignature, parseJoinedSignature } from './signature-parse';
import { HARDHAT_ACCOUNT_0 } from './test-keys';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const word = (value: bigint) => value.toString(16).padStart(64, '0');
const joined = (r: bigint, s: bigint, v: number) =>
  `0x${word(r)}${word(s)}${v.toString(16).padStart(2, '0')}`;

describe('parseJoinedSignature', () => {
  const wallet = new Wallet(HARDHAT_ACCOUNT_0.privateKey);

  it('reads what ethers signMessage returns, unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (message) => {
        const value = wallet.signMessageSync(message);
        const parsed = parseJoinedSignature(value);
        expect(parsed.ok && parsed.signature.serialized).toBe(value);
      }),
      { numRuns: 25 },
    );
  });

  it('accepts exactly v 27 / 28, r in 1..n-1, s in 1..n/2, and never throws (property)', () => {
    const scalar = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      fc.constantFrom(0n, 1n, N / 2n, N / 2n + 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n),
    );
    fc.assert(
      fc.property(scalar, scalar, fc.integer({ min: 0, max: 255 }), (r, s, v) => {
        const valid = (v === 27 || v === 28) && r >= 1n && r < N && s >= 1n && s <= N / 2n;
        expect(parseJoinedSignature(joined(r, s, v)).ok).toBe(valid);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (value) => {
        expect(() => parseJoinedSignature(value)).not.toThrow();
      }),
    );
  });

  it.each([
    ['v = 0', joined(1n, 1n, 0), /v = 0/],
    ['v = 1', joined(1n, 1n, 1), /v = 1/],
    ['an EIP-155 v (37)', joined(1n, 1n, 37), /v = 37/],
    ['s = n', joined(1n, N, 27), /outside/],
    ['a high s', joined(1n, N - 1n, 28), /high s/],
    ['r = 0', joined(0n, 1n, 27), /outside/],
    ['upper-case hex', joined(1n, 1n, 27).toUpperCase().replace('0X', '0x'), /lower-case/],
  ])('refuses %s, saying why', (_label, value, detail) => {
    const parsed = parseJoinedSignature(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.detail).toMatch(detail);
  });
});

describe('parseCompactSignature', () => {
  it('reads an ethers compact signature, and refuses a high s (vs carries s below 2^255) or a short r', () => {
    const signature = Signature.from(new Wallet(HARDHAT_ACCOUNT_0.privateKey).signMessageSync('quote'));
    const parsed = parseCompactSignature(signature.r, signature.yParityAndS);
    expect(parsed.ok && parsed.signature.serialized).toBe(signature.serialized);
    expect(parseCompactSignature(signature.r, `0x${word(N / 2n + 1n)}`)).toMatchObject({ ok: false });
    expect(parseCompactSignature(signature.r, `0x${word(N / 2n)}`)).toMatchObject({ ok: true });
    expect(parseCompactSignature('0x00', signature.yParityAndS)).toMatchObject({ ok: false });
  });
});
