export * from './signature';
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
