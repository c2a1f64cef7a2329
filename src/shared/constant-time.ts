import * as crypto from 'node:crypto';

const { createHash, timingSafeEqual } = crypto;

/**
 * Whether two secret strings are equal, in time that depends on neither (their lengths included): both are hashed
 * to fixed-length digests first, which are compared with `timingSafeEqual`. For API keys, secret keys, tokens
 * and hex or base64 signatures compared as text.
 */
export function sameSecret(value: string, secret: string): boolean {
  return timingSafeEqual(sha256(value), sha256(secret));
}

// Node's one-shot `crypto.hash` (20.12 and later) is several times cheaper than a Hash object for a short text;
// this runs on every authenticated request.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer })
  .hash;
const sha256 = (text: string): Buffer =>
  oneShotHash ? oneShotHash('sha256', text, 'buffer') : createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether two byte strings are equal, in time independent of their contents. Different lengths answer false at
 * once: use it where the length is public (a raw HMAC's is fixed by its algorithm); `sameSecret` hides it too.
 */
export function sameBytes(received: Uint8Array, expected: Uint8Array): boolean {
  return received.length === expected.length && timingSafeEqual(received, expected);
}
