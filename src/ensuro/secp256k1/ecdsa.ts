import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1';
import { Field } from '@noble/curves/abstract/modular';
import {
  DegenerateAddition,
  FixedBaseTable,
  generatorTable,
  infinity,
  toAffine,
  type JacobianPoint,
} from './fixed-base';

const n = secp256k1.CURVE.n;
const Fn = Field(n);
const HALF_N = n >> 1n;

/** An ECDSA signature as Ethereum carries it: r, low s, and the parity of R's y (the recovery bit). */
export interface RecoverableSignature {
  readonly r: bigint;
  readonly s: bigint;
  readonly yParity: 0 | 1;
}

/** A nonce ready for use: r = x(k·G) and k⁻¹. The nonce k itself is not kept. */
interface Nonce {
  readonly r: bigint;
  readonly kInverse: bigint;
  readonly yOdd: boolean;
}

/** Nonces computed at a time: enough that the shared inversions cost little (a batch takes about 25 ms of CPU). */
const NONCE_BATCH = 256;
const nonces: Nonce[] = [];

function randomScalars(count: number): bigint[] {
  const scalars: bigint[] = [];
  while (scalars.length < count) {
    const bytes = randomBytes(32 * count);
    for (let at = 0; at < bytes.length && scalars.length < count; at += 32) {
      const k = BigInt(`0x${bytes.toString('hex', at, at + 32)}`);
      if (k > 0n && k < n) scalars.push(k);
    }
  }
  return scalars;
}

/**
 * Random nonces computed in batches: everything of a signature that does not depend on the message (k·G, and k⁻¹
 * with one inversion for the batch), as in offline/online ECDSA. Each is used once; k comes from the system CSPRNG.
 */
function refillNonces(): void {
  const ks = randomScalars(NONCE_BATCH);
  const points = generatorTable().multiplyBatch(ks);
  const inverses = Fn.invertBatch(ks);
  points.forEach((point, i) => {
    // x ≥ n would need recovery ids 2 and 3, which Ethereum's v cannot carry (odds about 2^-128).
    if (point.x >= n) return;
    nonces.push({ r: point.x, kInverse: inverses[i]!, yOdd: (point.y & 1n) === 1n });
  });
}

function nextNonce(): Nonce {
  if (nonces.length === 0) refillNonces();
  return nonces.pop()!;
}

/** The private key as a scalar, refusing what is no secp256k1 private key. */
export function privateScalar(privateKey: string): bigint {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new TypeError('a private key is 0x and 64 hex digits');
  const d = BigInt(privateKey);
  if (d === 0n || d >= n) throw new RangeError('the private key is out of the curve order');
  return d;
}

/** Signs a 32-byte digest (0x hex) with low s, as Ethereum requires; randomized, not RFC 6979. */
export function signDigest(digest: string, privateKey: string): RecoverableSignature {
  const d = privateScalar(privateKey);
  const z = BigInt(digest) % n;
  for (;;) {
    const { r, kInverse, yOdd } = nextNonce();
    let s = (kInverse * ((z + r * d) % n)) % n;
    if (s === 0n) continue;
    let odd = yOdd;
    if (s > HALF_N) {
      s = n - s;
      odd = !odd;
    }
    return { r, s, yParity: odd ? 1 : 0 };
  }
}

/**
 * Whether the signature of `digest` recovers to the key whose table is given: true exactly when R = u1·G + u2·Q,
 * u1 = z/s, u2 = r/s, has x = r and y of the signature's parity, which is what recovery with that bit inverts.
 * Undefined when it cannot tell (r or s out of range, a degenerate addition): the caller then recovers in full.
 */
export function isSignedBy(
  key: FixedBaseTable,
  digest: string,
  signature: RecoverableSignature,
): boolean | undefined {
  const { r, s } = signature;
  if (r <= 0n || r >= n || s <= 0n || s >= n) return undefined;
  const sInverse = Fn.inv(s);
  const u1 = ((BigInt(digest) % n) * sInverse) % n;
  const u2 = (r * sInverse) % n;
  const point: JacobianPoint = infinity();
  try {
    if (u1 !== 0n) generatorTable().addMultiple(point, u1);
    key.addMultiple(point, u2);
  } catch (error) {
    if (error instanceof DegenerateAddition) return undefined;
    throw error;
  }
  const [affine] = toAffine([point]);
  return affine !== undefined && affine.x === r && Number(affine.y & 1n) === signature.yParity;
}
