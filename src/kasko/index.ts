export {
  kaskoAuthorization,
  kaskoBasicAuthorization,
  kaskoBearerAuthorization,
  type KaskoAuthScheme,
} from './auth-headers';
export { isLiveKaskoKey, kaskoKeyShape, type KaskoKeyKind, type KaskoKeyShape } from './keys';
export { KASKO_V2, KASKO_V3, kaskoMediaTypeFor, kaskoVersionAccepted } from './media-types';
export {
  KASKO_DELIVERY_HEADER,
  KASKO_EVENT_HEADER,
  KASKO_SIGNATURE_HEADER,
  KASKO_WEBHOOK_REASONS,
  signKaskoWebhook,
  verifyKaskoWebhook,
  type KaskoWebhookReason,
  type KaskoWebhookVerification,
} from './webhook-signature';
export { kaskoRequestSigner } from './request-signer';
export { createKaskoClient, kaskoMiddleware, type KaskoClient, type KaskoClientOptions } from './client';
export type {
  paths as KaskoPaths,
  components as KaskoComponents,
  operations as KaskoOperations,
} from './types';
