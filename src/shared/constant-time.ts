import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether two secret strings are equal, in time that depends on neither (their lengths included): both are hashed
 * to fixed-length digests first, which are compared with `timingSafeEqual`. For API keys, secret keys, tokens
 * and hex or base64 signatures compared as text.
 */
export function sameSecret(value: string, secret: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(value), digest(secret));
}

/**
 * Whether two byte strings are equal, in time independent of their contents. Different lengths answer false at
 * once: use it where the length is public (a raw HMAC's is fixed by its algorithm); `sameSecret` hides it too.
 */
export function sameBytes(received: Uint8Array, expected: Uint8Array): boolean {
  return received.length === expected.length && timingSafeEqual(received, expected);
}
