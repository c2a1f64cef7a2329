import type { Verification } from '../../shared/verification';
import { createHash } from 'node:crypto';
import { sameBytes, sameSecret } from '../../shared/constant-time';
import { computeHmac, digestLength, isXCoverAlgorithm, XCOVER_ALGORITHMS } from './algorithms';
import { parseSignatureAuthorization } from './authorization-header';
import { getHeader, type HeaderBag } from '../../shared/headers';
import { checkHttpDate } from './http-date';
import type { XCoverSigningKey } from './key';
import { XCOVER_AUTH_REASONS, type XCoverAuthReason } from './reasons';
import { decodeSignature } from './signature-encoding';
import { buildStringToSign } from './signing-string';

const REDACTED_SECRET = '[redacted: the API secret was sent as keyId]';

export interface XCoverVerifyRequest {
  method: string;
  /** Request path as received; a query string is ignored for (request-target). */
  path: string;
  /** Header names lower-case as Node gives them (lookup is case-insensitive anyway). */
  headers: HeaderBag;
}

export interface XCoverVerifyOptions {
  /** The sandbox clock. */
  now: Date;
  /** Allowed |now - Date| in seconds, both directions (Infinity disables the check). */
  clockSkewSeconds: number;
  /** Make X-Api-Key mandatory (it must equal keyId whenever it is sent). */
  requireApiKey: boolean;
}

/** What the verifier looked at — safe to show to the integrator: never the secret or any signature. */
export interface XCoverSignatureChecked {
  keyId?: string;
  algorithm?: string;
  signedHeaders?: string[];
  stringToSign?: string;
  /** Hex SHA-256 of the string to sign (UTF-8), on failures: handy for comparing with the client's own log. */
  stringToSignSha256?: string;
  date?: string;
  /** now - Date, in seconds (positive = Date in the past). */
  dateSkewSeconds?: number;
}

export type XCoverVerification = Verification<XCoverAuthReason, XCoverSignatureChecked>;

/**
 * Verify an XCover Signature-authenticated request. Pure: depends only on its arguments. Checks, in order:
 * Authorization missing → malformed → algorithm → keyId → X-Api-Key → Date missing → malformed → stale/future →
 * signed headers → signature encoding → signature value (constant-time on the decoded bytes).
 */
export function verifyXCoverSignature(
  request: XCoverVerifyRequest,
  key: XCoverSigningKey,
  options: XCoverVerifyOptions,
): XCoverVerification {
  const nowMs = options.now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('verifyXCoverSignature: options.now is an invalid Date');
  if (Number.isNaN(options.clockSkewSeconds) || options.clockSkewSeconds < 0) {
    throw new RangeError('verifyXCoverSignature: options.clockSkewSeconds must be >= 0');
  }

  const checked: XCoverSignatureChecked = {};
  const fail = (reason: XCoverAuthReason, detail: string): XCoverVerification => {
    // The digest helps compare with the client's own log; only a failure needs it.
    if (checked.stringToSign !== undefined) {
      checked.stringToSignSha256 = createHash('sha256').update(checked.stringToSign, 'utf8').digest('hex');
    }
    return { ok: false, reason, message: XCOVER_AUTH_REASONS[reason].message, detail, checked };
  };

  const authorization = getHeader(request.headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    return fail('XCOVER_AUTH_MISSING', 'the request has no Authorization header');
  }
  const parsed = parseSignatureAuthorization(authorization);
  if (!parsed.ok) return fail('XCOVER_AUTH_MALFORMED', parsed.detail);
  const params = parsed.params;
  // An integrator who confuses key and secret must not get the secret echoed back in the error body.
  const keyIdIsSecret = params.keyId !== key.apiKey && sameSecret(params.keyId, key.apiSecret);
  checked.keyId = keyIdIsSecret ? REDACTED_SECRET : params.keyId;
  checked.algorithm = params.algorithm;

  const algorithm = params.algorithm;
  if (!isXCoverAlgorithm(algorithm)) {
    return fail(
      'XCOVER_ALGORITHM_UNSUPPORTED',
      `algorithm ${JSON.stringify(algorithm)} is not supported; use one of ${XCOVER_ALGORITHMS.join(', ')}`,
    );
  }
  if (params.keyId !== key.apiKey) {
    return fail(
      'XCOVER_KEY_UNKNOWN',
      keyIdIsSecret
        ? 'keyId carries the API secret instead of the API key; never send the secret (rotate it if this was not a sandbox)'
        : `keyId ${JSON.stringify(params.keyId)} is not a known API key`,
    );
  }

  const apiKeyHeader = getHeader(request.headers, 'x-api-key');
  if (apiKeyHeader === undefined) {
    if (options.requireApiKey) return fail('XCOVER_API_KEY_MISSING', 'the request has no X-Api-Key header');
  } else if (apiKeyHeader !== params.keyId) {
    return fail(
      'XCOVER_API_KEY_MISMATCH',
      'the X-Api-Key header does not equal keyId in the Authorization header',
    );
  }

  const dateHeader = getHeader(request.headers, 'date');
  if (dateHeader === undefined || dateHeader === '') {
    return fail('XCOVER_DATE_MISSING', 'the request has no Date header');
  }
  checked.date = dateHeader;
  const date = checkHttpDate(dateHeader);
  if (!date.ok) return fail('XCOVER_DATE_MALFORMED', date.detail);
  const skew = (nowMs - date.date.getTime()) / 1000;
  checked.dateSkewSeconds = skew;
  if (skew > options.clockSkewSeconds) {
    return fail(
      'XCOVER_DATE_STALE',
      `Date is ${skew} s behind the server clock; at most ${options.clockSkewSeconds} s is allowed`,
    );
  }
  if (-skew > options.clockSkewSeconds) {
    return fail(
      'XCOVER_DATE_FUTURE',
      `Date is ${-skew} s ahead of the server clock; at most ${options.clockSkewSeconds} s is allowed`,
    );
  }

  const toSign = buildStringToSign(request, params.headers);
  if (!toSign.ok) return fail('XCOVER_SIGNED_HEADERS_INVALID', toSign.detail);
  checked.signedHeaders = toSign.headers;
  checked.stringToSign = toSign.value;

  const received = decodeSignature(params.signature);
  if (!received.ok) return fail('XCOVER_SIGNATURE_ENCODING', received.detail);

  const expected = computeHmac(algorithm, key.apiSecret, toSign.value);
  if (received.bytes.length !== expected.length) {
    // Lengths are public (fixed per algorithm), so this early exit leaks nothing about the expected value.
    return fail(
      'XCOVER_SIGNATURE_MISMATCH',
      `signature decodes to ${received.bytes.length} bytes but ${algorithm} produces ${digestLength(algorithm)}; ` +
        'was it computed with a different algorithm?',
    );
  }
  if (!sameBytes(received.bytes, expected)) {
    return fail(
      'XCOVER_SIGNATURE_MISMATCH',
      `signature is not ${algorithm} of checked.stringToSign under the API secret (base64 then percent-encoded)`,
    );
  }
  return { ok: true, checked };
}
