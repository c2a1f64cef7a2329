import { checkClientOptions } from '../shared/client-options';
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { withRetry, type RetryOptions } from '../shared/retry';
import { signingMiddleware } from '../shared/signing-middleware';
import type { EnsuroBodySigning } from './body-signer';
import { ensuroRequestSigner } from './request-signer';
import type { paths } from './types';

export type EnsuroClient = Client<paths>;

export interface EnsuroClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Retry 423, 429, 502, 503 and 504 as the SDKs do (see `RetryOptions`); no retries when absent. */
  readonly retry?: RetryOptions;
  /** The API base: the sandbox's `http://127.0.0.1:4011/api/v0`, or the URL Ensuro handed out. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** How policy calls are signed (EIP-191 preferred). */
  readonly signing: EnsuroBodySigning;
}

/**
 * openapi-fetch middleware: `x-api-key` on every request but `OPTIONS`, and on the policy operations the body
 * signature over the exact bytes sent, through the shared signing middleware.
 */
export function ensuroSigningMiddleware(apiKey: string, signing: EnsuroBodySigning): Middleware {
  return signingMiddleware(ensuroRequestSigner(apiKey, signing));
}

/** A typed Ensuro Pricing API client (types generated from specs/ensuro.yaml) that signs policy calls. */
export function createEnsuroClient(options: EnsuroClientOptions): EnsuroClient {
  checkClientOptions('createEnsuroClient', options, {
    baseUrl: 'url',
    apiKey: 'string',
    signing: signingProblem,
  });
  const { apiKey, signing, ...clientOptions } = options;
  const client = createClient<paths>(withRetry(clientOptions));
  client.use(ensuroSigningMiddleware(apiKey, signing));
  return client;
}

/** `signing` is `{method: 'hmac', secret}` or `{method: 'eip191', privateKey}`. */
function signingProblem(value: unknown): string | undefined {
  const signing = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const field = signing.method === 'hmac' ? 'secret' : signing.method === 'eip191' ? 'privateKey' : undefined;
  const text = field === undefined ? undefined : signing[field];
  return typeof text === 'string' && text !== ''
    ? undefined
    : "{method: 'hmac', secret: string} or {method: 'eip191', privateKey: string}";
}
