export { getHeader, withoutHeader, type HeaderBag } from './headers';
export { sameBytes, sameSecret } from './constant-time';
export { HMAC_DIGEST_BYTES, hmac, type HmacHash } from './hmac';
export { fromBase64, toBase64, toHex, type Base64Decoding } from './encoding';
export {
  signingMiddleware,
  type RequestSigner,
  type RequestToSign,
  type SignatureHeaders,
} from './signing-middleware';
export { refusalOf, type Verification } from './verification';
export { checkClientOptions, ClientOptionsError, type OptionRule } from './client-options';
export { pactRequestFilter, type PactProxyRequest, type PactRequestFilter } from './pact-request-filter';
export { DEFAULT_RETRY_STATUSES, retryAfterMs, retryingFetch, withRetry, type RetryOptions } from './retry';
