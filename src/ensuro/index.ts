export { bodyDigestHex } from './body-digest';
export {
  EIP191_HEADER,
  HMAC_HEADER,
  bodySignatureHeaders,
  signBodyEip191,
  signBodyHmac,
  type EnsuroBodySigning,
} from './body-signer';
export {
  verifyEnsuroBodySignature,
  type EnsuroBodySignatureChecked,
  type EnsuroBodySignatureKeys,
  type EnsuroBodyVerification,
  type EnsuroSignedRequest,
} from './body-verifier';
export { ENSURO_SIGNATURE_REASONS, type EnsuroSignatureReason } from './reasons';
export {
  MAX_UINT256,
  bucketIdOf,
  quoteHash,
  quoteMessage,
  signPackedMessage,
  signQuote,
  verifyQuoteSignature,
  type EnsuroInstanceInfo,
  type QuoteAnswer,
  type QuoteCheck,
  type QuoteSignature,
  type QuoteTerms,
} from './quote-signature';
export { ensuroIdOf } from './ensuro-id';
export { ensuroAuthHeaders, type EnsuroRequestToAuthenticate } from './request-auth';
export {
  ensuroBodySigningOf,
  ensuroRequestFilter,
  ensuroRequestSigner,
  type EnsuroSigningCredentials,
  type EnsuroSigningMethod,
} from './request-signer';
export { verifyEnsuroNotification } from './notification';
export { formatAmount, parseAmount, parseExpiration, parseProbability } from './units';
export {
  createEnsuroClient,
  ensuroSigningMiddleware,
  type EnsuroClient,
  type EnsuroClientOptions,
} from './client';
export type {
  paths as EnsuroPaths,
  components as EnsuroComponents,
  operations as EnsuroOperations,
  webhooks as EnsuroWebhooks,
} from './types';
