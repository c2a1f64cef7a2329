export * from './signature';
export { xcoverRequestFilter, xcoverRequestSigner, type XCoverRequestSigning } from './request-signer';
export {
  createXCoverClient,
  xcoverSigningMiddleware,
  type XCoverClient,
  type XCoverClientOptions,
} from './client';
export type {
  paths as XCoverPaths,
  components as XCoverComponents,
  operations as XCoverOperations,
} from './types';
