import { checkClientOptions } from '../shared/client-options';
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { withRetry, type RetryOptions } from '../shared/retry';
import { signingMiddleware } from '../shared/signing-middleware';
import { kashierRequestSigner } from './request-signer';
import type { paths } from './types';

export type KashierClient = Client<paths>;

export interface KashierClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Retry 423, 429, 502, 503 and 504 as the SDKs do (see `RetryOptions`); no retries when absent. */
  readonly retry?: RetryOptions;
  /** The API host: the sandbox's `http://127.0.0.1:4013` (test) or `…/live`, or `https://test-api.kashier.io`. */
  readonly baseUrl: string;
  /** The FEP host refunds go to (`PUT /v3/orders/{orderId}`): default `<baseUrl>/fep`, the sandbox's layout. */
  readonly fepBaseUrl?: string;
  /** Sent raw as `Authorization` (no scheme). */
  readonly secretKey: string;
  /** Sent as `api-key` (payment sessions need it); the same mode as the secret key. */
  readonly paymentApiKey?: string;
}

/** Paths served by the FEP host rather than the API host. */
const FEP_PATH = /^\/v3\/orders\//;

/** Sends the FEP operations to the FEP host: one typed client for both of Kashier's server hosts. */
function fepRoutingMiddleware(baseUrl: string, fepBaseUrl: string): Middleware {
  const apiBase = baseUrl.replace(/\/+$/, '');
  return {
    onRequest({ request }) {
      if (!request.url.startsWith(apiBase)) return request;
      const rest = request.url.slice(apiBase.length);
      if (!FEP_PATH.test(rest)) return request;
      return new Request(`${fepBaseUrl.replace(/\/+$/, '')}${rest}`, request);
    },
  };
}

/**
 * A typed Kashier client (types generated from specs/kashier.yaml): every request carries the secret key as
 * `Authorization` (and the payment API key as `api-key`), refunds go to the FEP host.
 */
export function createKashierClient(options: KashierClientOptions): KashierClient {
  checkClientOptions('createKashierClient', options, {
    baseUrl: 'url',
    fepBaseUrl: { optional: 'url' },
    secretKey: 'string',
    paymentApiKey: { optional: 'string' },
  });
  const { baseUrl, fepBaseUrl, secretKey, paymentApiKey, ...clientOptions } = options;
  const client = createClient<paths>(withRetry({ ...clientOptions, baseUrl }));
  client.use(fepRoutingMiddleware(baseUrl, fepBaseUrl ?? `${baseUrl.replace(/\/+$/, '')}/fep`));
  client.use(
    signingMiddleware(
      kashierRequestSigner({ secretKey, ...(paymentApiKey === undefined ? {} : { paymentApiKey }) }),
    ),
  );
  return client;
}
