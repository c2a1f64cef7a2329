import { checkClientOptions } from '../shared/client-options';
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { withRetry, type RetryOptions } from '../shared/retry';
import type { KaskoAuthScheme } from './auth-headers';
import { kaskoRequestSigner } from './request-signer';
import { kaskoMediaTypeFor } from './media-types';
import type { paths } from './types';

export type KaskoClient = Client<paths>;

export interface KaskoClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Retry 423, 429, 502, 503 and 504 as the SDKs do (see `RetryOptions`); no retries when absent. */
  readonly retry?: RetryOptions;
  /** The API base: the sandbox's `http://127.0.0.1:4010`, or KASKO's own. */
  readonly baseUrl: string;
  readonly secretKey: string;
  /** The public key: added as `?key=` to quote requests (which need it) unless the call gives one. */
  readonly publicKey?: string;
  /** How the secret key is sent: HTTP Basic (default) or Bearer. */
  readonly scheme?: KaskoAuthScheme;
}

/**
 * openapi-fetch middleware that does what every KASKO request needs: the secret key in `Authorization`,
 * the versioned media type the route wants in `Accept` (unless the call sets one), and the public key on
 * quotes.
 */
export function kaskoMiddleware(
  options: Omit<KaskoClientOptions, keyof ClientOptions | 'baseUrl'> & {
    readonly baseUrl: string;
  },
): Middleware {
  const basePath = new URL(options.baseUrl).pathname.replace(/\/$/, '');
  const authenticate = kaskoRequestSigner(options.secretKey, options.scheme);
  return {
    onRequest({ request }) {
      const url = new URL(request.url);
      const path = url.pathname.slice(basePath.length);
      const mediaType = kaskoMediaTypeFor(request.method, path);
      const accept = request.headers.get('accept');
      if (mediaType !== undefined && (accept === null || accept === '*/*' || accept === 'application/json'))
        request.headers.set('accept', mediaType);
      request.headers.set('authorization', authenticate().authorization);
      if (path !== '/quotes' || options.publicKey === undefined || url.searchParams.has('key'))
        return request;
      url.searchParams.set('key', options.publicKey);
      return new Request(url, request);
    },
  };
}

/** A typed KASKO client (types generated from specs/kasko.yaml) that authenticates every request. */
export function createKaskoClient(options: KaskoClientOptions): KaskoClient {
  checkClientOptions('createKaskoClient', options, {
    baseUrl: 'url',
    secretKey: 'string',
    publicKey: { optional: 'string' },
  });
  const { secretKey, publicKey, scheme, ...clientOptions } = options;
  const client = createClient<paths>(withRetry(clientOptions));
  client.use(
    kaskoMiddleware({
      baseUrl: options.baseUrl,
      secretKey,
      ...(publicKey === undefined ? {} : { publicKey }),
      ...(scheme === undefined ? {} : { scheme }),
    }),
  );
  return client;
}
