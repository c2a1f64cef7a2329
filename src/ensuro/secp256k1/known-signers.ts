import { SigningKey, computeAddress, type Signature } from 'ethers';
import { isSignedBy } from './ecdsa';
import { FixedBaseTable } from './fixed-base';

/**
 * Recovering a signer costs a multiplication by a point seen for the first time (about 3 ms in pure JS); checking
 * that a known signer's key signed costs two table multiplications. So the public keys of expected signers, once
 * recovered, are kept with their tables, and a signature is first checked against them.
 */

/** At most this many keys (each table about 80 kB), the oldest forgotten first. */
const MAX_KNOWN_SIGNERS = 16;
const WINDOW_BITS = 4;

const known = new Map<string, { readonly address: string; readonly table: FixedBaseTable }>();

function remember(address: string, publicKey: string): void {
  if (known.size >= MAX_KNOWN_SIGNERS) known.delete(known.keys().next().value!);
  const point = { x: BigInt(`0x${publicKey.slice(4, 68)}`), y: BigInt(`0x${publicKey.slice(68)}`) };
  known.set(address.toLowerCase(), { address, table: new FixedBaseTable(point, WINDOW_BITS) });
}

/**
 * The address that signed `digest`, exactly as ethers `recoverAddress` answers it (checksummed), or undefined
 * when no address can be recovered. `expected` are the signers worth remembering (any case).
 */
export function recoverSigner(
  digest: string,
  signature: Signature,
  expected: readonly string[],
): string | undefined {
  const parts = { r: BigInt(signature.r), s: BigInt(signature.s), yParity: signature.yParity };
  for (const candidate of expected) {
    const signer = known.get(candidate.toLowerCase());
    if (signer !== undefined && isSignedBy(signer.table, digest, parts) === true) return signer.address;
  }
  let publicKey: string;
  try {
    publicKey = SigningKey.recoverPublicKey(digest, signature);
  } catch {
    return undefined;
  }
  const address = computeAddress(publicKey);
  const lower = address.toLowerCase();
  if (!known.has(lower) && expected.some((candidate) => candidate.toLowerCase() === lower)) {
    remember(address, publicKey);
  }
  return address;
}
