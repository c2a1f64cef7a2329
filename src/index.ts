/**
 * What integrators import: the provider-neutral helpers (header lookup, constant-time comparison, HMAC, encoders,
 * the signing middleware for openapi-fetch) and, per provider, the signer, the verifier, the typed client and the
 * generated types.
 */
export * from './shared';
export * as kigo from './kigo';
export * as kashier from './kashier';
export * as xcover from './xcover';
export * as kasko from './kasko';
export * as ensuro from './ensuro';
