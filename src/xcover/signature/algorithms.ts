import { createHmac } from 'node:crypto';

/** HMAC algorithms XCover accepts in the `algorithm=` parameter (hmac-sha1 is deprecated but still accepted). */
export type XCoverAlgorithm = 'hmac-sha1' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';

export const XCOVER_ALGORITHMS: readonly XCoverAlgorithm[] = Object.freeze([
  'hmac-sha1',
  'hmac-sha256',
  'hmac-sha384',
  'hmac-sha512',
]);

export const DEFAULT_XCOVER_ALGORITHM: XCoverAlgorithm = 'hmac-sha512';

const NODE_HASH: Readonly<Record<XCoverAlgorithm, string>> = {
  'hmac-sha1': 'sha1',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
};

const DIGEST_BYTES: Readonly<Record<XCoverAlgorithm, number>> = {
  'hmac-sha1': 20,
  'hmac-sha256': 32,
  'hmac-sha384': 48,
  'hmac-sha512': 64,
};

/** Exact, case-sensitive match against the supported algorithm names (as Tyk does). */
export function isXCoverAlgorithm(value: unknown): value is XCoverAlgorithm {
  return typeof value === 'string' && (XCOVER_ALGORITHMS as readonly string[]).includes(value);
}

/** Length in bytes of the raw HMAC the algorithm produces. */
export function digestLength(algorithm: XCoverAlgorithm): number {
  return DIGEST_BYTES[algorithm];
}

const recent = new Map<string, Buffer>();
const RECENT_LIMIT = 16;

/**
 * Raw HMAC of `message` (UTF-8) keyed with `secret` (UTF-8). The string to sign changes once a second (it is
 * the Date), so the last few results are kept: a busy server verifies many requests against the same one.
 * Callers must not modify the returned buffer.
 */
export function computeHmac(algorithm: XCoverAlgorithm, secret: string, message: string): Buffer {
  const key = `${algorithm}\n${secret}\n${message}`;
  let digest = recent.get(key);
  if (digest === undefined) {
    digest = createHmac(NODE_HASH[algorithm], Buffer.from(secret, 'utf8'))
      .update(Buffer.from(message, 'utf8'))
      .digest();
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
    recent.set(key, digest);
  }
  return digest;
}
