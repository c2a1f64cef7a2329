import { HMAC_DIGEST_BYTES, hmac, type HmacHash } from '../../shared/hmac';

/** HMAC algorithms XCover accepts in the `algorithm=` parameter (hmac-sha1 is deprecated but still accepted). */
export type XCoverAlgorithm = 'hmac-sha1' | 'hmac-sha256' | 'hmac-sha384' | 'hmac-sha512';

export const XCOVER_ALGORITHMS: readonly XCoverAlgorithm[] = Object.freeze([
  'hmac-sha1',
  'hmac-sha256',
  'hmac-sha384',
  'hmac-sha512',
]);

export const DEFAULT_XCOVER_ALGORITHM: XCoverAlgorithm = 'hmac-sha512';

const HASH: Readonly<Record<XCoverAlgorithm, HmacHash>> = {
  'hmac-sha1': 'sha1',
  'hmac-sha256': 'sha256',
  'hmac-sha384': 'sha384',
  'hmac-sha512': 'sha512',
};

/** Exact, case-sensitive match against the supported algorithm names (as Tyk does). */
export function isXCoverAlgorithm(value: unknown): value is XCoverAlgorithm {
  return typeof value === 'string' && (XCOVER_ALGORITHMS as readonly string[]).includes(value);
}

/** Length in bytes of the raw HMAC the algorithm produces. */
export function digestLength(algorithm: XCoverAlgorithm): number {
  return HMAC_DIGEST_BYTES[HASH[algorithm]];
}

/** Raw HMAC of `message` (UTF-8) keyed with `secret` (UTF-8). */
export function computeHmac(algorithm: XCoverAlgorithm, secret: string, message: string): Buffer {
  return hmac(HASH[algorithm], secret, message);
}
