import { credentialField, pactRequestFilter, type PactRequestFilter } from '../shared/pact-request-filter';
import type { RequestSigner } from '../shared/signing-middleware';
import { EIP191_HEADER, HMAC_HEADER, type EnsuroBodySigning } from './body-signer';
import { ensuroAuthHeaders } from './request-auth';

/** The credentials Ensuro's signing uses, as `partner-sandbox credentials --json` prints them. */
export interface EnsuroSigningCredentials {
  readonly apiKey?: string;
  readonly hmacSecret?: string;
  readonly signerPrivateKey?: string;
}

export type EnsuroSigningMethod = EnsuroBodySigning['method'];

/**
 * Ensuro's client-side signing, the one definition the typed client, `partner-sandbox verify`, the Pact request
 * filter and the tests use: `x-api-key` on every operation but OPTIONS, and on the policy operations the body
 * signature (EIP-191 or HMAC) over the exact bytes sent.
 */
export function ensuroRequestSigner(apiKey: string, signing: EnsuroBodySigning): RequestSigner {
  return (request) => ensuroAuthHeaders(request, apiKey, signing);
}

/** The body signing `method` takes with these credentials; refuses credentials that lack its key. */
export function ensuroBodySigningOf(
  credentials: EnsuroSigningCredentials,
  method: EnsuroSigningMethod,
): EnsuroBodySigning {
  const key = method === 'eip191' ? credentials.signerPrivateKey : credentials.hmacSecret;
  if (typeof key !== 'string' || key === '')
    throw new TypeError(
      `Ensuro ${method} signing needs ${method === 'eip191' ? 'signerPrivateKey' : 'hmacSecret'}`,
    );
  return method === 'eip191' ? { method, privateKey: key } : { method, secret: key };
}

/**
 * pact-js `Verifier`'s `requestFilter` for Ensuro: every replayed request authenticated afresh, its policy body
 * signed over the very bytes sent (the verifier fills provider-state values in, so a contract's example signature
 * covers other bytes). Each request is signed with the method its contract's example header names, else
 * `method`, else EIP-191 when `signerPrivateKey` is given, else HMAC.
 */
export function ensuroRequestFilter(
  credentials: EnsuroSigningCredentials,
  options: { readonly method?: EnsuroSigningMethod } = {},
): PactRequestFilter {
  const apiKey = credentialField(credentials, 'apiKey');
  const fallback = options.method ?? (credentials.signerPrivateKey ? 'eip191' : 'hmac');
  return pactRequestFilter((request) => {
    const named: EnsuroSigningMethod | undefined =
      request.headers[EIP191_HEADER.toLowerCase()] !== undefined
        ? 'eip191'
        : request.headers[HMAC_HEADER.toLowerCase()] !== undefined
          ? 'hmac'
          : undefined;
    const signing = ensuroBodySigningOf(credentials, named ?? fallback);
    return ensuroRequestSigner(apiKey, signing)(request);
  });
}
