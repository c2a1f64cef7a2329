import { computeHmac, DEFAULT_XCOVER_ALGORITHM, isXCoverAlgorithm, type XCoverAlgorithm } from './algorithms';
import { formatSignatureAuthorization } from './authorization-header';
import { withoutHeader } from '../../shared/headers';
import { formatHttpDate } from './http-date';
import { isSendableApiKey, type XCoverSigningKey } from './key';
import { encodeSignature } from './signature-encoding';
import { buildStringToSign, type XCoverRequestTarget } from './signing-string';

export interface XCoverSignOptions {
  /** Default hmac-sha512, as in every official example. */
  algorithm?: XCoverAlgorithm;
  /** undefined = the documented date-only form without headers=; e.g. ['(request-target)', 'date'] = Python SDK. */
  signedHeaders?: readonly string[];
  /** Default new Date(). */
  date?: Date;
  /** Send X-Api-Key (default true, as the docs and the PHP SDK do; the Python SDK does not). */
  sendApiKey?: boolean;
}

/** A type, not an interface, so that it is a header record (`SignatureHeaders`) as it stands. */
export type XCoverSignedHeaders = {
  date: string;
  authorization: string;
  'x-api-key'?: string;
};

/**
 * Sign a request for XCover. Returns the headers to add. The Date and X-Api-Key this returns are the values that
 * were signed (they override any such header in `request.headers`). Throws on unusable input (unsupported
 * algorithm, API key that cannot be sent, headers list without date, or naming a header the request lacks).
 */
export function signXCoverRequest(
  request: XCoverRequestTarget,
  key: XCoverSigningKey,
  options: XCoverSignOptions = {},
): XCoverSignedHeaders {
  const algorithm = options.algorithm ?? DEFAULT_XCOVER_ALGORITHM;
  if (!isXCoverAlgorithm(algorithm)) {
    throw new TypeError(`signXCoverRequest: unsupported algorithm ${JSON.stringify(algorithm)}`);
  }
  if (!isSendableApiKey(key.apiKey)) {
    throw new TypeError('signXCoverRequest: apiKey must be non-empty visible ASCII without double quotes');
  }
  const date = formatHttpDate(options.date ?? new Date());
  const sendApiKey = options.sendApiKey ?? true;

  const headers = withoutHeader(
    sendApiKey ? withoutHeader(request.headers, 'x-api-key') : request.headers,
    'date',
  );
  headers.date = date;
  if (sendApiKey) headers['x-api-key'] = key.apiKey;

  const toSign = buildStringToSign(
    { method: request.method, path: request.path, headers },
    options.signedHeaders,
  );
  if (!toSign.ok) throw new Error(`signXCoverRequest: ${toSign.detail}`);

  const signature = encodeSignature(computeHmac(algorithm, key.apiSecret, toSign.value));
  const authorization = formatSignatureAuthorization({
    keyId: key.apiKey,
    algorithm,
    ...(options.signedHeaders === undefined ? {} : { headers: toSign.headers }),
    signature,
  });
  return sendApiKey ? { date, authorization, 'x-api-key': key.apiKey } : { date, authorization };
}
