import { bodySignatureHeaders, type EnsuroBodySigning } from './body-signer';

/** What the authenticating headers of a request depend on. */
export interface EnsuroRequestToAuthenticate {
  readonly method: string;
  /** The URL path as sent (`/api/v0/{partner}/new-policy`). */
  readonly path: string;
  /** The exact body bytes that will be sent. */
  readonly body: string | Uint8Array | undefined;
}

/** The operations whose body Ensuro requires signed. */
const SIGNED_PATH = /\/(new-policy|resolve-policy|replace-policy|cancel-policy)$/;

/**
 * The headers that authenticate an Ensuro request: `x-api-key` on every operation but `OPTIONS` (instance info
 * needs no key), and on the policy operations the one body signature header for `signing`, over the exact bytes.
 */
export function ensuroAuthHeaders(
  request: EnsuroRequestToAuthenticate,
  apiKey: string,
  signing: EnsuroBodySigning,
): Record<string, string> {
  if (request.method.toUpperCase() === 'OPTIONS') return {};
  return {
    'x-api-key': apiKey,
    ...(SIGNED_PATH.test(request.path)
      ? bodySignatureHeaders(request.body ?? new Uint8Array(), signing)
      : {}),
  };
}
