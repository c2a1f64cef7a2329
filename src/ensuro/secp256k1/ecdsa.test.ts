import fc from 'fast-check';
import { secp256k1 } from '@noble/curves/secp256k1';
import { Signature, SigningKey, computeAddress, recoverAddress } from 'ethers';
import { isSignedBy, privateScalar, signDigest, type RecoverableSignature } from './ecdsa';
import { FixedBaseTable } from './fixed-base';

const { n } = secp256k1.CURVE;
const hex32 = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`;
const scalar = fc.bigInt({ min: 1n, max: n - 1n });
const digest = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }).map(hex32);

const ethersSignature = ({ r, s, yParity }: RecoverableSignature) =>
  Signature.from({ r: hex32(r), s: hex32(s), v: 27 + yParity });

/** What ethers recovers, or undefined where it refuses. */
function ethersRecovers(hash: string, signature: RecoverableSignature): string | undefined {
  try {
    return recoverAddress(hash, ethersSignature(signature));
  } catch {
    return undefined;
  }
}

function keyOf(d: bigint) {
  const publicKey = new SigningKey(hex32(d)).publicKey;
  const point = { x: BigInt(`0x${publicKey.slice(4, 68)}`), y: BigInt(`0x${publicKey.slice(68)}`) };
  return { address: computeAddress(publicKey), table: new FixedBaseTable(point, 4) };
}

describe('signDigest', () => {
  it('signs with low s so that ethers recovers the signer (property)', () => {
    fc.assert(
      fc.property(scalar, digest, (d, hash) => {
        const signature = signDigest(hash, hex32(d));
        expect(signature.s <= n / 2n).toBe(true);
        expect(ethersRecovers(hash, signature)).toBe(computeAddress(new SigningKey(hex32(d)).publicKey));
      }),
      { numRuns: 30 },
    );
  });

  it('uses a fresh nonce every time', () => {
    const key = hex32(12345n);
    const rs = new Set(Array.from({ length: 100 }, () => signDigest(hex32(1n), key).r));
    expect(rs.size).toBe(100);
  });

  it('refuses what is no private key', () => {
    expect(() => privateScalar(hex32(0n))).toThrow(RangeError);
    expect(() => privateScalar(hex32(n))).toThrow(RangeError);
    expect(() => privateScalar('0x1234')).toThrow(TypeError);
    expect(privateScalar(hex32(n - 1n))).toBe(n - 1n);
  });
});

describe('isSignedBy', () => {
  const signer = keyOf(0xa11ce5n);

  it('says true exactly when ethers recovers the key, for genuine and tampered signatures (property)', () => {
    fc.assert(
      fc.property(
        digest,
        fc.constantFrom('genuine', 'flip-parity', 'other-digest', 'random'),
        scalar,
        scalar,
        (hash, tamper, r, s) => {
          const genuine = signDigest(hash, hex32(0xa11ce5n));
          const signature: RecoverableSignature =
            tamper === 'flip-parity'
              ? { ...genuine, yParity: genuine.yParity === 1 ? 0 : 1 }
              : tamper === 'random'
                ? { r, s, yParity: 0 }
                : genuine;
          const checked = tamper === 'other-digest' ? hex32((BigInt(hash) + 1n) % 2n ** 256n) : hash;
          const expected = ethersRecovers(checked, signature) === signer.address;
          expect(isSignedBy(signer.table, checked, signature) ?? expected).toBe(expected);
          if (tamper === 'genuine') expect(isSignedBy(signer.table, checked, signature)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cannot tell for r or s out of range', () => {
    expect(isSignedBy(signer.table, hex32(1n), { r: 0n, s: 1n, yParity: 0 })).toBeUndefined();
    expect(isSignedBy(signer.table, hex32(1n), { r: 1n, s: n, yParity: 0 })).toBeUndefined();
  });
});
