import { createHmac } from 'node:crypto';

/** The hash functions partner HMACs use (KASKO's webhooks SHA-1, Ensuro and Kashier SHA-256, XCover any). */
export type HmacHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Length in bytes of the raw HMAC each hash produces: public, so a verifier may compare lengths first. */
export const HMAC_DIGEST_BYTES: Readonly<Record<HmacHash, number>> = Object.freeze({
  sha1: 20,
  sha256: 32,
  sha384: 48,
  sha512: 64,
});

/**
 * Raw HMAC of `message` keyed with `secret` (strings are taken as UTF-8): Node's `createHmac`, nothing kept between
 * calls. Returns a fresh Buffer the caller may keep or change.
 */
export function hmac(hash: HmacHash, secret: string | Uint8Array, message: string | Uint8Array): Buffer {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  return createHmac(hash, key)
    .update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message)
    .digest();
}
