export { KigoAuthenticationError } from './errors';
export {
  KigoAccountSession,
  KigoPartnerSession,
  type KigoAccountSessionOptions,
  type KigoPartnerSessionOptions,
  type TokenSource,
} from './session';
export { bearerMiddleware, createKigoClient, type KigoClient, type KigoClientOptions } from './client';
export type { paths as KigoPaths, components as KigoComponents, operations as KigoOperations } from './types';
