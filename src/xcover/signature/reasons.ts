/**
 * Why the XCover mock rejects a request, in the order the verifier checks. `message` is the text placed in the
 * error body (Tyk / XCover wording: XCover quotes Tyk's "Signature string does not match!" and documents 401
 * "No valid API key was provided"); `meaning` and `fix` are for documentation.
 */
export interface XCoverAuthReasonInfo {
  readonly status: 401;
  readonly message: string;
  readonly meaning: string;
  readonly fix: string;
}

export const XCOVER_AUTH_REASONS = {
  XCOVER_AUTH_MISSING: {
    status: 401,
    message: 'Authorization field missing',
    meaning: 'The request has no Authorization header (or it is empty).',
    fix: 'Send Authorization: Signature keyId="<API key>",algorithm="hmac-sha512",signature="<signature>".',
  },
  XCOVER_AUTH_MALFORMED: {
    status: 401,
    message: 'Authorization field malformed',
    meaning:
      'The Authorization header is not a Signature scheme with comma-separated name="value" parameters including ' +
      'keyId, algorithm and signature (or a parameter is duplicated, empty or unquoted), or Authorization or ' +
      'X-Api-Key is sent more than once (the sandbox refuses it rather than pick one).',
    fix: 'Build the header exactly as the XCover docs show: Signature keyId="…",algorithm="…",signature="…".',
  },
  XCOVER_ALGORITHM_UNSUPPORTED: {
    status: 401,
    message: 'Algorithm not supported',
    meaning: 'algorithm= is not one of hmac-sha1, hmac-sha256, hmac-sha384, hmac-sha512 (lower case).',
    fix: 'Use algorithm="hmac-sha512" (hmac-sha1 is deprecated).',
  },
  XCOVER_KEY_UNKNOWN: {
    status: 401,
    message: 'Key ID does not exist',
    meaning: 'keyId= is not the API key configured for this sandbox.',
    fix: 'Put your XCover API key (not the secret) in keyId.',
  },
  XCOVER_API_KEY_MISSING: {
    status: 401,
    message: 'No valid API key was provided',
    meaning: 'The sandbox is configured with requireApiKey and the request has no X-Api-Key header.',
    fix: 'Send X-Api-Key: <API key> (the same value as keyId).',
  },
  XCOVER_API_KEY_MISMATCH: {
    status: 401,
    message: 'No valid API key was provided',
    meaning: 'An X-Api-Key header was sent but differs from keyId in the Authorization header.',
    fix: 'Send the same API key in X-Api-Key and keyId, or omit X-Api-Key.',
  },
  XCOVER_DATE_MISSING: {
    status: 401,
    message: 'Date header missing',
    meaning: 'The request has no Date header; the signature is computed over it.',
    fix: 'Send Date: <RFC 1123 GMT date>, the same string you signed.',
  },
  XCOVER_DATE_MALFORMED: {
    status: 401,
    message: 'Date parsing failed',
    meaning:
      'The Date header is not an RFC 1123 GMT date with a zero-padded day and the correct weekday ' +
      '(e.g. "Thu, 04 Nov 2021 18:07:11 GMT"), or it is sent more than once.',
    fix: 'Use new Date().toUTCString() (JS), email.utils.formatdate(usegmt=True) (Python) or DateTime.UtcNow.ToString("R") (.NET).',
  },
  XCOVER_DATE_STALE: {
    status: 401,
    message: 'Clock skew outside of acceptable bounds',
    meaning: 'The Date header is further in the past than the allowed clock skew.',
    fix: 'Sign every request freshly with the current time and keep the client clock in sync (NTP).',
  },
  XCOVER_DATE_FUTURE: {
    status: 401,
    message: 'Clock skew outside of acceptable bounds',
    meaning: 'The Date header is further in the future than the allowed clock skew.',
    fix: 'Keep the client clock in sync (NTP); do not pre-sign requests with a future date.',
  },
  XCOVER_SIGNED_HEADERS_INVALID: {
    status: 401,
    message: 'Signature string generation failed',
    meaning:
      'headers= does not include date, lists a header twice or an invalid name, or names a header the request ' +
      'does not carry.',
    fix: 'Use headers="(request-target) date" (or omit headers=) and send every header you list.',
  },
  XCOVER_SIGNATURE_ENCODING: {
    status: 401,
    message: 'Signature string does not match!',
    meaning:
      'signature= is not percent-encoded standard base64: it uses the URL-safe alphabet (- _), has raw + / =, ' +
      'bad percent escapes or broken padding.',
    fix: 'Base64-encode the raw HMAC with the standard alphabet and padding, then encodeURIComponent it.',
  },
  XCOVER_SIGNATURE_MISMATCH: {
    status: 401,
    message: 'Signature string does not match!',
    meaning: 'The signature does not equal the HMAC of the string to sign under the API secret.',
    fix:
      'Sign exactly the string shown in checked.stringToSign (e.g. "date: <Date header>") with the API secret and ' +
      'the algorithm you declare.',
  },
} as const satisfies Readonly<Record<string, XCoverAuthReasonInfo>>;

export type XCoverAuthReason = keyof typeof XCOVER_AUTH_REASONS;

/** Reason codes in the order the verifier checks them. */
export const XCOVER_AUTH_REASON_ORDER: readonly XCoverAuthReason[] = Object.freeze(
  Object.keys(XCOVER_AUTH_REASONS) as XCoverAuthReason[],
);
