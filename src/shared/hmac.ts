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

const RECENT_LIMIT = 16;
/** Longest secret plus message kept (in UTF-16 units): bodies are not worth keeping, and memory stays bounded. */
const RECENT_TEXT_LIMIT = 4096;
const recent = new Map<string, Buffer>();

/**
 * Raw HMAC of `message` keyed with `secret` (strings are taken as UTF-8). Results for short text inputs are kept
 * for the last few distinct inputs: a signed string that changes once a second (a Date) is verified many times by
 * a busy server and signed again by its clients. Returns a fresh Buffer the caller may keep or change.
 */
export function hmac(hash: HmacHash, secret: string | Uint8Array, message: string | Uint8Array): Buffer {
  if (typeof secret !== 'string' || typeof message !== 'string') return compute(hash, secret, message);
  if (secret.length + message.length > RECENT_TEXT_LIMIT) return compute(hash, secret, message);
  // The secret's length makes the key unambiguous: ("a\nb", "c") and ("a", "b\nc") must not share a result.
  const key = `${hash}:${secret.length}:${secret}${message}`;
  let digest = recent.get(key);
  if (digest === undefined) {
    digest = compute(hash, secret, message);
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
    recent.set(key, digest);
  }
  return Buffer.from(digest);
}

function compute(hash: HmacHash, secret: string | Uint8Array, message: string | Uint8Array): Buffer {
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
  return createHmac(hash, key)
    .update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message)
    .digest();
}
