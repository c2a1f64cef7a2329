import { checkClientOptions } from '../shared/client-options';
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import { withRetry, type RetryOptions } from '../shared/retry';
import type { TokenSource } from './session';
import type { paths } from './types';

export type KigoClient = Client<paths>;

export interface KigoClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Retry 423, 429, 502, 503 and 504 as the SDKs do (see `RetryOptions`); no retries when absent. */
  readonly retry?: RetryOptions;
  /** Kigo's API host: the sandbox's `http://127.0.0.1:4012`, or Kigo's own. */
  readonly baseUrl: string;
  /** Where the Bearer token comes from: a `KigoPartnerSession` or a `KigoAccountSession`. */
  readonly session: TokenSource;
}

/**
 * openapi-fetch middleware that sends the session's token as `Authorization: Bearer`, and on a 401 renews the
 * token (once, shared with concurrent calls) and sends the request again, once: a second refusal is the
 * answer, and a renewal Kigo refuses (a revoked key) rejects the call with a `KigoAuthenticationError`.
 */
export function bearerMiddleware(session: TokenSource): Middleware {
  /** A copy of each request in flight, by openapi-fetch's request id: the body of the original is spent. */
  const copies = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      request.headers.set('authorization', `Bearer ${await session.token()}`);
      copies.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const copy = copies.get(id);
      copies.delete(id);
      if (response.status !== 401 || copy === undefined) return undefined;
      const rejected = (copy.headers.get('authorization') ?? '').replace(/^Bearer /, '');
      const token = await session.renew(rejected);
      copy.headers.set('authorization', `Bearer ${token}`);
      return options.fetch(copy);
    },
    onError({ id }) {
      copies.delete(id);
    },
  };
}

/** A typed Kigo client (types generated from specs/kigo.yaml) that authenticates every call with the session. */
export function createKigoClient(options: KigoClientOptions): KigoClient {
  checkClientOptions('createKigoClient', options, {
    baseUrl: 'url',
    session: (value) =>
      typeof (value as Partial<TokenSource> | undefined)?.token === 'function'
        ? undefined
        : 'a token source (a KigoPartnerSession or KigoAccountSession)',
  });
  const { session, ...clientOptions } = options;
  const client = createClient<paths>(withRetry(clientOptions));
  client.use(bearerMiddleware(session));
  return client;
}
