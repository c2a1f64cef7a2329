import type { Verification } from '../shared/verification';
import { getBytes, hashMessage, recoverAddress, type Signature } from 'ethers';
import { sameBytes } from '../shared/constant-time';
import { getHeader, type HeaderBag } from '../shared/headers';
import { hmac } from '../shared/hmac';
import { bodyDigestHex, reserialisedBodies } from './body-digest';
import { EIP191_HEADER, HMAC_HEADER } from './body-signer';
import { ENSURO_SIGNATURE_REASONS, type EnsuroSignatureReason } from './reasons';
import { parseJoinedSignature } from './signature-parse';

export interface EnsuroSignedRequest {
  readonly headers: HeaderBag;
  /** The body exactly as received. */
  readonly rawBody: Uint8Array;
}

export interface EnsuroBodySignatureKeys {
  /** The shared secret `X-Ensuro-Signature` is keyed with. */
  readonly hmacSecret: string;
  /** Addresses allowed to sign with `X-EIP191-Signature` (any case). */
  readonly authorizedSigners: readonly string[];
}

/** What the verifier looked at, safe to show: never the secret or an expected HMAC. */
export interface EnsuroBodySignatureChecked {
  method?: 'eip191' | 'hmac';
  bodyBytes: number;
  /** Hex SHA-256 of the body as received: the text an EIP-191 signature signs. */
  bodySha256: string;
  /** EIP-191 only: the hash the signature was checked against, and whom it recovers to. */
  eip191Hash?: string;
  recoveredAddress?: string;
  authorizedSigners?: string[];
}

export type EnsuroBodyVerification = Verification<
  EnsuroSignatureReason,
  EnsuroBodySignatureChecked,
  { readonly signer?: string }
>;

const HMAC_SHAPE = /^[0-9a-f]{64}$/;

/**
 * Verifies the body signature of an Ensuro policy call: exactly one of `X-EIP191-Signature` (an authorized
 * signer's EIP-191 signature of the body's hex SHA-256) and `X-Ensuro-Signature` (hex HMAC-SHA256 of the body).
 * Pure; a failure says which mistake was made where it can tell (a signature over re-serialised JSON, over the raw
 * digest bytes, a `0x`-prefixed or upper-case HMAC).
 */
export function verifyEnsuroBodySignature(
  request: EnsuroSignedRequest,
  keys: EnsuroBodySignatureKeys,
): EnsuroBodyVerification {
  const checked: EnsuroBodySignatureChecked = {
    bodyBytes: request.rawBody.length,
    bodySha256: bodyDigestHex(request.rawBody),
  };
  const eip191 = getHeader(request.headers, EIP191_HEADER);
  const hmacValue = getHeader(request.headers, HMAC_HEADER);
  if (eip191 !== undefined && hmacValue !== undefined) {
    return failure(
      'ENSURO_SIGNATURE_BOTH',
      'the request carries both X-EIP191-Signature and X-Ensuro-Signature',
      checked,
    );
  }
  if (eip191 !== undefined) return verifyEip191(eip191, request.rawBody, keys.authorizedSigners, checked);
  if (hmacValue !== undefined)
    return verifyHmacSignature(hmacValue, request.rawBody, keys.hmacSecret, checked);
  return failure(
    'ENSURO_SIGNATURE_MISSING',
    'the request carries neither X-EIP191-Signature nor X-Ensuro-Signature',
    checked,
  );
}

function failure(
  reason: EnsuroSignatureReason,
  detail: string,
  checked: EnsuroBodySignatureChecked,
): EnsuroBodyVerification {
  return { ok: false, reason, message: ENSURO_SIGNATURE_REASONS[reason].message, detail, checked };
}

/** The signer of an EIP-191 personal message, or undefined when no address can be recovered (ethers' recovery). */
function signerOf(message: string | Uint8Array, signature: Signature): string | undefined {
  try {
    return recoverAddress(hashMessage(message), signature);
  } catch {
    return undefined;
  }
}

function verifyEip191(
  value: string,
  rawBody: Uint8Array,
  authorizedSigners: readonly string[],
  checked: EnsuroBodySignatureChecked,
): EnsuroBodyVerification {
  checked.method = 'eip191';
  // Strictly, before any other work: ethers alone would take v = 0, 1 or an EIP-155 value, and fail late on s.
  const parsed = parseJoinedSignature(value);
  if (!parsed.ok) return failure('ENSURO_EIP191_MALFORMED', `X-EIP191-Signature ${parsed.detail}`, checked);
  const { signature } = parsed;
  const authorized = new Set(authorizedSigners.map((address) => address.toLowerCase()));
  const isAuthorized = (address: string | undefined) =>
    address !== undefined && authorized.has(address.toLowerCase());
  checked.eip191Hash = hashMessage(checked.bodySha256);
  checked.authorizedSigners = [...authorizedSigners];
  const recovered = signerOf(checked.bodySha256, signature);
  if (recovered === undefined) {
    return failure('ENSURO_EIP191_MALFORMED', 'no address can be recovered from X-EIP191-Signature', checked);
  }
  checked.recoveredAddress = recovered;
  if (isAuthorized(recovered)) return { ok: true, checked, signer: recovered };

  // Whom the signature recovers to over what clients commonly sign by mistake: an authorized signer there names it.
  if (isAuthorized(signerOf(getBytes(`0x${checked.bodySha256}`), signature))) {
    return failure(
      'ENSURO_EIP191_OVER_RAW_DIGEST',
      'the signature is over the 32 raw bytes of SHA-256(body), not over its 64-character hex text',
      checked,
    );
  }
  if (
    reserialisedBodies(rawBody).some((variant) => isAuthorized(signerOf(bodyDigestHex(variant), signature)))
  ) {
    return failure(
      'ENSURO_EIP191_OVER_RESERIALISED_JSON',
      'the signature is over the digest of the body re-serialised as JSON, not of the bytes sent',
      checked,
    );
  }
  return failure(
    'ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    `the signature over the body's digest recovers to ${recovered}, which is not an authorized signer`,
    checked,
  );
}

/**
 * `X-Ensuro-Signature` (also what Ensuro's notifications carry): the lower-case hex HMAC-SHA256 of the exact body,
 * compared in constant time.
 */
export function verifyHmacSignature(
  value: string,
  rawBody: Uint8Array,
  secret: string,
  checked: EnsuroBodySignatureChecked,
): EnsuroBodyVerification {
  checked.method = 'hmac';
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) {
    return failure('ENSURO_HMAC_0X_PREFIX', 'X-Ensuro-Signature must not start with 0x', checked);
  }
  if (/^[0-9a-fA-F]{64}$/.test(value) && !HMAC_SHAPE.test(value)) {
    return failure('ENSURO_HMAC_UPPERCASE', 'X-Ensuro-Signature must be lower-case hex', checked);
  }
  if (!HMAC_SHAPE.test(value)) {
    return failure(
      'ENSURO_HMAC_MALFORMED',
      'X-Ensuro-Signature must be 64 lower-case hex characters',
      checked,
    );
  }
  const received = Buffer.from(value, 'hex');
  if (sameBytes(received, hmac('sha256', secret, rawBody))) return { ok: true, checked };
  if (reserialisedBodies(rawBody).some((variant) => sameBytes(received, hmac('sha256', secret, variant)))) {
    return failure(
      'ENSURO_HMAC_OVER_RESERIALISED_JSON',
      'the HMAC is over the body re-serialised as JSON, not over the bytes sent',
      checked,
    );
  }
  return failure(
    'ENSURO_HMAC_MISMATCH',
    'X-Ensuro-Signature is not the HMAC-SHA256 of the body with the shared secret',
    checked,
  );
}
