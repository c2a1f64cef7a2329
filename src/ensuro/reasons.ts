/**
 * Why a body signature (`X-EIP191-Signature` or `X-Ensuro-Signature`) is refused, in the order the verifier
 * checks. Ensuro documents only 400 "Invalid input" for the policy operations, so every one is a 400 (inferred);
 * `message` goes in the error body, `meaning` and `fix` in the docs.
 */
export interface EnsuroSignatureReasonInfo {
  readonly status: 400;
  readonly message: string;
  readonly meaning: string;
  readonly fix: string;
}

const INVALID = 'Invalid input: body signature';

export const ENSURO_SIGNATURE_REASONS = {
  ENSURO_SIGNATURE_MISSING: {
    status: 400,
    message: `${INVALID} missing`,
    meaning: 'A policy operation came with neither `X-EIP191-Signature` nor `X-Ensuro-Signature`.',
    fix: 'Sign the exact body bytes with one of the two methods (EIP-191 preferred) and send that header.',
  },
  ENSURO_SIGNATURE_BOTH: {
    status: 400,
    message: `${INVALID}: send only one of X-EIP191-Signature and X-Ensuro-Signature`,
    meaning: 'The request carries both signature headers; Ensuro requires exactly one.',
    fix: 'Send only `X-EIP191-Signature` (preferred) or only `X-Ensuro-Signature`.',
  },
  ENSURO_EIP191_MALFORMED: {
    status: 400,
    message: `${INVALID}: X-EIP191-Signature is malformed`,
    meaning:
      'X-EIP191-Signature is not `0x` + 130 lower-case hex characters (r, s, v), is sent twice, or is no valid secp256k1 signature (v not 27/28, r or s out of range, s not low).',
    fix: 'Send the joined signature ethers’ `signMessage` returns, unchanged.',
  },
  ENSURO_EIP191_OVER_RESERIALISED_JSON: {
    status: 400,
    message: `${INVALID}: X-EIP191-Signature does not match the body`,
    meaning:
      'The EIP-191 signature is by an authorized signer, but over the SHA-256 of the body as re-serialised JSON (other spacing or key order), not of the bytes sent.',
    fix: 'Serialise the body once, hash and sign those exact bytes, and send the same bytes.',
  },
  ENSURO_EIP191_OVER_RAW_DIGEST: {
    status: 400,
    message: `${INVALID}: X-EIP191-Signature does not match the body`,
    meaning:
      'The EIP-191 signature is by an authorized signer, but over the 32 raw bytes of SHA-256(body) instead of its 64-character hex text.',
    fix: 'Pass `signMessage` the hex digest as a string (no `0x`), not `getBytes(digest)`.',
  },
  ENSURO_EIP191_SIGNER_UNAUTHORIZED: {
    status: 400,
    message: `${INVALID}: X-EIP191-Signature is not by an authorized signer`,
    meaning:
      'The address recovered from the signature over the body’s digest is not an authorized signer: the key is not authorized, or the signed text is not the body’s SHA-256 hex digest (`checked` shows the digest and the recovered address).',
    fix: 'Sign with `signerPrivateKey` (or a key in `authorizedSigners`) the lower-case hex SHA-256 of the exact body.',
  },
  ENSURO_HMAC_0X_PREFIX: {
    status: 400,
    message: `${INVALID}: X-Ensuro-Signature is malformed`,
    meaning: 'X-Ensuro-Signature starts with `0x`: the value is the bare hex digest.',
    fix: 'Drop the `0x` that libraries such as ethers’ `computeHmac` print.',
  },
  ENSURO_HMAC_UPPERCASE: {
    status: 400,
    message: `${INVALID}: X-Ensuro-Signature is malformed`,
    meaning: 'X-Ensuro-Signature has upper-case hex digits; Ensuro’s pattern is `[0-9a-f]{64}`.',
    fix: 'Send the digest in lower-case hex (`digest("hex")`, `hexdigest()`).',
  },
  ENSURO_HMAC_MALFORMED: {
    status: 400,
    message: `${INVALID}: X-Ensuro-Signature is malformed`,
    meaning: 'X-Ensuro-Signature is not 64 hex characters (HMAC-SHA256), or is sent twice.',
    fix: 'Send the lower-case hex HMAC-SHA256 of the body, 64 characters.',
  },
  ENSURO_HMAC_OVER_RESERIALISED_JSON: {
    status: 400,
    message: `${INVALID}: X-Ensuro-Signature does not match the body`,
    meaning:
      'The HMAC is right for the body as re-serialised JSON (other spacing or key order), not for the bytes sent.',
    fix: 'Compute the HMAC over the exact bytes you send.',
  },
  ENSURO_HMAC_MISMATCH: {
    status: 400,
    message: `${INVALID}: X-Ensuro-Signature does not match the body`,
    meaning: 'X-Ensuro-Signature is not the HMAC-SHA256 of the body with the shared secret.',
    fix: 'Key the HMAC with `hmacSecret` (UTF-8) and compute it over the exact body bytes.',
  },
} as const satisfies Readonly<Record<string, EnsuroSignatureReasonInfo>>;

export type EnsuroSignatureReason = keyof typeof ENSURO_SIGNATURE_REASONS;
