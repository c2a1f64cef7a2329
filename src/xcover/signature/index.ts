export { XCOVER_ALGORITHMS, type XCoverAlgorithm } from './algorithms';
export {
  parseSignatureAuthorization,
  type ParsedAuthorization,
  type XCoverAuthorizationParams,
} from './authorization-header';
export { formatHttpDate, parseHttpDate } from './http-date';
export type { XCoverSigningKey } from './key';
export {
  XCOVER_AUTH_REASONS,
  XCOVER_AUTH_REASON_ORDER,
  type XCoverAuthReason,
  type XCoverAuthReasonInfo,
} from './reasons';
export { signXCoverRequest, type XCoverSignedHeaders, type XCoverSignOptions } from './signer';
export { buildStringToSign, type StringToSign, type XCoverRequestTarget } from './signing-string';
export {
  verifyXCoverSignature,
  type XCoverSignatureChecked,
  type XCoverVerification,
  type XCoverVerifyOptions,
  type XCoverVerifyRequest,
} from './verifier';
