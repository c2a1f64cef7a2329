import { SigningKey, hashMessage, type Signature } from 'ethers';

/** A personal message signed: its EIP-191 hash and the signature of that hash. */
export interface PersonalSignature {
  readonly hash: string;
  readonly signature: Signature;
}

/**
 * The one way this package signs (body signatures, quotes, cancellations): ethers `hashMessage` (EIP-191) and
 * `SigningKey.sign`, which is @noble/curves' secp256k1 with an RFC 6979 nonce, low `s` and the recovery bit. The
 * same message and key give the same signature every time. A string message is taken as UTF-8, bytes as they are.
 */
export function signPersonalMessage(message: string | Uint8Array, privateKey: string): PersonalSignature {
  const hash = hashMessage(message);
  return { hash, signature: new SigningKey(privateKey).sign(hash) };
}
