/**
 * Helpers for the KASKO mock's HTTP tests: a sandbox per `describe`, a fetch that sends the secret key
 * (Basic by default) and the media type each route wants, and the quote → offer → payment steps.
 */
import type { Settings } from '../../mocks/runtime/provider';
import { kaskoProvider } from '../../mocks/kasko/provider';
import type { KaskoState } from '../../mocks/kasko/state';
import type { KaskoAuthScheme } from '../../src/kasko/auth-headers';
import { kaskoRequestSigner } from '../../src/kasko/request-signer';
import { kaskoMediaTypeFor } from '../../src/kasko/media-types';
import { jsonOf, useTestSandbox, type RunningTestSandbox } from './sandbox';

export const SECRET_KEY = kaskoProvider.defaultCredentials.secretKey as string;
export const PUBLIC_KEY = kaskoProvider.defaultCredentials.publicKey as string;
export const PRODUCT_KEY = kaskoProvider.defaultCredentials.productKey as string;
export const WEBHOOK_SECRET = kaskoProvider.defaultCredentials.webhookSecret as string;
export const OTHER_SECRET_KEY = 'sk_test_otherAccount000000000000000002';

export interface KaskoCallOptions {
  readonly body?: unknown;
  /** The secret key to send (default the sandbox's); null sends no Authorization. */
  readonly key?: string | null;
  readonly scheme?: KaskoAuthScheme;
  /** Accept (default: the media type the route wants); null sends none. */
  readonly accept?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw body bytes instead of JSON.stringify(body) (sent as JSON unless `headers` name another type). */
  readonly raw?: string | Uint8Array;
}

export interface KaskoTestSandbox {
  readonly k: RunningTestSandbox<KaskoState>;
  call(method: string, path: string, options?: KaskoCallOptions): Promise<Response>;
  /** The flow's steps with the default bodies; each returns the parsed answer. */
  quote(key?: string): Promise<{ token: string }>;
  offer(key?: string): Promise<{ id: string; payment_token: string }>;
  paidPolicy(key?: string): Promise<{ id: string; payment_token: string }>;
}

export const QUOTE_BODY = {
  item_id: PRODUCT_KEY,
  subscription_plan_id: 'pp_a6c37bc94f56cafaa7fcc02d77111',
  integration_id: 'in_e2b0a5a90e0595939c2b1978e5ccf',
  data: { item_value: 200000 },
};

export const offerBody = (quoteToken: string) => ({
  quote_token: quoteToken,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  language: 'en',
});

/**
 * A KASKO sandbox for the surrounding `describe`, with a second account (`OTHER_SECRET_KEY`). `settings` may
 * be a function, read when the sandbox starts (a webhook receiver's URL is known only then).
 */
export function useKaskoSandbox(
  settings: Partial<Settings> | (() => Partial<Settings>) = {},
): KaskoTestSandbox {
  const sandbox = useTestSandbox(kaskoProvider, {
    get settings() {
      return {
        otherSecretKeys: [OTHER_SECRET_KEY],
        ...(typeof settings === 'function' ? settings() : settings),
      };
    },
  });
  const call: KaskoTestSandbox['call'] = (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    const key = options.key === undefined ? SECRET_KEY : options.key;
    if (key !== null) Object.assign(headers, kaskoRequestSigner(key, options.scheme)());
    const accept =
      options.accept === undefined ? kaskoMediaTypeFor(method, path.split('?')[0] ?? path) : options.accept;
    if (accept !== null && accept !== undefined) headers.accept = accept;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, options.headers ?? {});
    return fetch(`${sandbox().url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
  };
  const ok = async <T>(response: Response, status: number): Promise<T> => {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
    return jsonOf<T>(response);
  };
  const quote = async (key?: string) =>
    ok<{ token: string }>(
      await call('POST', `/quotes?key=${PUBLIC_KEY}`, { body: QUOTE_BODY, ...(key ? { key } : {}) }),
      200,
    );
  const offer = async (key?: string) => {
    const { token } = await quote(key);
    return ok<{ id: string; payment_token: string }>(
      await call('POST', '/policies', { body: offerBody(token), ...(key ? { key } : {}) }),
      201,
    );
  };
  const paidPolicy = async (key?: string) => {
    const created = await offer(key);
    await ok(
      await call('POST', '/payments', {
        body: { token: created.payment_token, policy_id: created.id, method: 'invoice', provider: 'invoice' },
        ...(key ? { key } : {}),
      }),
      201,
    );
    return created;
  };
  return {
    get k() {
      return sandbox();
    },
    call,
    quote,
    offer,
    paidPolicy,
  };
}
