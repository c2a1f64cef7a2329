import { credentialField, pactRequestFilter, type PactRequestFilter } from '../shared/pact-request-filter';
import type { RequestToSign } from '../shared/signing-middleware';
import {
  signXCoverRequest,
  type XCoverSignedHeaders,
  type XCoverSignOptions,
  type XCoverSigningKey,
} from './signature';

export interface XCoverRequestSigning extends Omit<XCoverSignOptions, 'date'> {
  /** The clock requests are signed with (default the machine's; a test may pin it to the sandbox clock). */
  readonly now?: () => Date;
}

/**
 * XCover's client-side signing, the one definition the typed client, `partner-sandbox verify`, the Pact request
 * filter and the tests use: a fresh `Date`, `Authorization: Signature ...` (HMAC over the Date, or the headers
 * `signedHeaders` names) and `X-Api-Key` on every request. The body is not signed.
 */
export function xcoverRequestSigner(
  key: XCoverSigningKey,
  options: XCoverRequestSigning = {},
): (request: Pick<RequestToSign, 'method' | 'path' | 'headers'>) => XCoverSignedHeaders {
  const { now = () => new Date(), ...signing } = options;
  return ({ method, path, headers }) =>
    signXCoverRequest({ method, path, headers }, key, { ...signing, date: now() });
}

/**
 * pact-js `Verifier`'s `requestFilter` for XCover: every replayed request signed afresh with `credentials` (as
 * `partner-sandbox credentials --json` prints them: `apiKey`, `apiSecret`), since a contract's example signature
 * is for a past Date.
 */
export function xcoverRequestFilter(
  credentials: { readonly apiKey?: string; readonly apiSecret?: string },
  options: XCoverRequestSigning = {},
): PactRequestFilter {
  const key = {
    apiKey: credentialField(credentials, 'apiKey'),
    apiSecret: credentialField(credentials, 'apiSecret'),
  };
  return pactRequestFilter(xcoverRequestSigner(key, options));
}
