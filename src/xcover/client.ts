import { checkClientOptions } from '../shared/client-options';
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { withRetry, type RetryOptions } from '../shared/retry';
import { signingMiddleware } from '../shared/signing-middleware';
import { xcoverRequestSigner } from './request-signer';
import type { XCoverSignOptions, XCoverSigningKey } from './signature';
import type { paths } from './types';

export type XCoverClient = Client<paths>;

export interface XCoverClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Retry 423, 429, 502, 503 and 504 as the SDKs do (see `RetryOptions`); no retries when absent. */
  readonly retry?: RetryOptions;
  /** The API base including its path: the sandbox's `http://127.0.0.1:4014/x`, or XCover's own. */
  readonly baseUrl: string;
  readonly key: XCoverSigningKey;
  /** Signature options; `date` is ignored (each request is signed at send time). */
  readonly signing?: Omit<XCoverSignOptions, 'date'>;
  /** The clock requests are signed with (a test may pin it to the sandbox clock). */
  readonly now?: () => Date;
}

/**
 * openapi-fetch middleware that signs every request as XCover requires: Date, Authorization (HMAC
 * Signature over the Date, or over the headers `signing.signedHeaders` names) and X-Api-Key. A new signature per
 * request, through the shared signing middleware.
 */
export function xcoverSigningMiddleware(
  key: XCoverSigningKey,
  signing: Omit<XCoverSignOptions, 'date'> = {},
  now: () => Date = () => new Date(),
): Middleware {
  return signingMiddleware(xcoverRequestSigner(key, { ...signing, now }));
}

/** A typed XCover client (types generated from specs/xcover.yaml) that signs every request. */
export function createXCoverClient(options: XCoverClientOptions): XCoverClient {
  checkClientOptions('createXCoverClient', options, {
    baseUrl: 'url',
    'key.apiKey': 'string',
    'key.apiSecret': 'string',
  });
  const { key, signing, now, ...clientOptions } = options;
  const client = createClient<paths>(withRetry(clientOptions));
  client.use(xcoverSigningMiddleware(key, signing, now));
  return client;
}
