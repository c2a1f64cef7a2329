export { buildOrderHash, orderHashMessage, type OrderHashInput } from './order-hash';
export { checkOrderHash, type OrderHashKeys } from './order-hash-check';
export { otherAmountSpellings } from './amount-spellings';
export {
  REDIRECT_PARAMETERS,
  redirectSigningString,
  signRedirectParameters,
  verifyRedirectSignature,
  type RedirectParameters,
} from './redirect-signature';
export {
  WEBHOOK_SIGNATURE_HEADER,
  signWebhookData,
  verifyWebhookSignature,
  webhookSigningString,
  type KashierWebhookData,
} from './webhook-signature';
export {
  CALLBACK_REASONS,
  ORDER_HASH_REASONS,
  type CallbackReason,
  type KashierReasonInfo,
  type KashierVerification,
  type OrderHashReason,
} from './reasons';
export { kashierRequestSigner, type KashierKeys } from './request-signer';
export { createKashierClient, type KashierClient, type KashierClientOptions } from './client';
export type {
  paths as KashierPaths,
  components as KashierComponents,
  operations as KashierOperations,
} from './types';
