/**
 * The one adapter between `partner-sandbox sign` and each provider's client-side signing: what a request needs
 * that a person cannot type. Everything comes from what the typed clients and `verify` already use: the
 * provider's `clientAuth` (XCover's Date and Signature, Ensuro's x-api-key and body signature, KASKO's and
 * Kashier's key headers), Kigo's partner session, Kashier's order hash. Nothing here signs by itself.
 */
import { buildOrderHash } from '../../../src/kashier/order-hash';
import { KigoPartnerSession } from '../../../src/kigo/session';
import type { ProviderConfig } from '../../runtime/config';
import type { AnyProviderDefinition, ClientRequest, Settings } from '../../runtime/provider';
import type { CapturedRequest } from '../capture/captured-request';
import { sendOnce } from './send-once';

export interface SignOptions {
  /** Ensuro: which body signature (`clientSigning`); the config's setting otherwise. */
  readonly signer?: 'hmac' | 'eip191';
  /** Kigo: obtain a partner token from the server's session endpoint and send it as Bearer. */
  readonly session: boolean;
  readonly now: Date;
}

/** What `sign` adds to a request: headers (names in lower case), and query parameters for a URL to visit. */
export interface RequestAuth {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
}

/** Sent with the session request `sign --session` makes, so a journal reader can tell it from the user's. */
export const SIGN_USER_AGENT = 'partner-sandbox-sign';

/** Kashier's hosted payment page, test or live: a URL to open, signed by its order hash, not by headers. */
const KASHIER_CHECKOUT = /^(\/live)?\/checkout\/?$/;

export async function requestAuthFor(
  provider: AnyProviderDefinition,
  config: ProviderConfig,
  request: CapturedRequest,
  options: SignOptions,
): Promise<RequestAuth> {
  const origin = request.origin ?? '';
  const [path = '', search = ''] = request.target.split(/\?(.*)/s, 2);
  const { credentials } = config;
  const settings: Settings =
    options.signer === undefined ? config.settings : { ...config.settings, clientSigning: options.signer };

  if (provider.name === 'kashier' && KASHIER_CHECKOUT.test(path)) {
    return { headers: {}, query: { hash: kashierOrderHash(new URLSearchParams(search), path, config) } };
  }
  const client: ClientRequest = {
    method: request.method,
    url: `${origin}${request.target}`,
    path,
    headers: Object.fromEntries(request.headers.map(([name, value]) => [name.toLowerCase(), value])),
    body: request.body.length > 0 ? request.body : undefined,
  };
  const headers = {
    ...(await provider.clientAuth?.(client, {
      credentials,
      settings,
      now: options.now,
      baseUrl: origin,
      session: new Map(),
    })),
  };
  if (provider.name === 'kigo' && options.session) {
    const session = new KigoPartnerSession({
      baseUrl: origin,
      apiKey: credentials.apiKey as string,
      partnerId: credentials.partnerId as string,
      fetch: (url, init) => {
        const headers = new Headers(init?.headers);
        headers.set('user-agent', SIGN_USER_AGENT);
        return sendOnce(new URL(String(url)), {
          method: init?.method ?? 'GET',
          headers,
          body: Buffer.from(String(init?.body ?? '')),
        });
      },
    });
    headers.authorization = `Bearer ${await session.token()}`;
  }
  return { headers, query: {} };
}

/** The checkout URL's order hash, keyed with the payment API key of the page's mode. */
function kashierOrderHash(query: URLSearchParams, path: string, { credentials }: ProviderConfig): string {
  const field = (name: string): string => {
    const value = query.get(name);
    if (value === null)
      throw new SignError(`a Kashier checkout URL needs ${name}= in its query to be hashed`);
    return value;
  };
  const shopperReference = query.get('shopperReference');
  const key = path.startsWith('/live') ? credentials.livePaymentApiKey : credentials.paymentApiKey;
  return buildOrderHash(
    {
      merchantId: field('merchantId'),
      orderId: field('orderId'),
      amount: field('amount'),
      currency: field('currency'),
      ...(shopperReference === null ? {} : { shopperReference }),
    },
    key as string,
  );
}

/** A request `sign` cannot sign; its message is one line for the user (exit code 2). */
export class SignError extends Error {
  override readonly name = 'SignError';
}
