/**
 * Helpers for the Kashier mock's HTTP tests: the sandbox of a `describe`, calls with the secret key (and
 * payment API key), checkout URLs built with the project's own order-hash builder, and paying on the page
 * over plain HTTP (the browser test drives the same page in Chromium).
 */
import type { Settings } from '../../mocks/runtime/provider';
import { kashierProvider } from '../../mocks/kashier/provider';
import type { KashierState } from '../../mocks/kashier/state';
import { buildOrderHash } from '../../src/kashier';
import { useTestSandbox, type RunningTestSandbox } from './sandbox';

export const CREDENTIALS = kashierProvider.defaultCredentials as Readonly<Record<string, string>>;
export const MID = CREDENTIALS.merchantId as string;
export const SECRET = CREDENTIALS.secretKey as string;
export const API_KEY = CREDENTIALS.paymentApiKey as string;
export const LIVE_SECRET = CREDENTIALS.liveSecretKey as string;
export const LIVE_API_KEY = CREDENTIALS.livePaymentApiKey as string;
export const VIEWER_KEY = '9f86d081884c7d65$9a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

export const APPROVED_CARD = '5123450000000008';
export const DECLINED_CARD = '4000000000000002';
export const CHALLENGE_CARD = '4508750015741019';

export interface KashierCallOptions {
  /** The Authorization value; null sends none. Default: the test secret key. */
  readonly key?: string | null;
  /** The api-key header; default none. */
  readonly apiKey?: string;
  readonly headers?: Record<string, string>;
}

export interface KashierTestSandbox {
  readonly k: RunningTestSandbox<KashierState>;
  call(method: string, path: string, body?: unknown, options?: KashierCallOptions): Promise<Response>;
}

/** `settings` may be a function, read when the sandbox starts (after the `beforeAll`s declared before it). */
export function useKashierSandbox(
  settings: Partial<Settings> | (() => Partial<Settings>) = {},
): KashierTestSandbox {
  const sandbox = useTestSandbox(kashierProvider, {
    get settings() {
      return typeof settings === 'function' ? settings() : settings;
    },
  });
  return {
    get k() {
      return sandbox();
    },
    call: (method, path, body, options = {}) => {
      const key = options.key === undefined ? SECRET : options.key;
      return fetch(`${sandbox().url}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          ...(key === null ? {} : { authorization: key }),
          ...(options.apiKey === undefined ? {} : { 'api-key': options.apiKey }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
  };
}

export function sessionBody(order: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    amount: '450.00',
    currency: 'EGP',
    order,
    merchantId: MID,
    merchantRedirect: 'https://merchant.example/kashier/return',
    customer: { email: 'buyer@example.com', reference: 'CUST-1' },
    ...extra,
  };
}

/** One invoice of a `POST /paymentRequest` body: 100 of items plus 10 of tax. */
export function invoiceBody(reference: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    paymentType: 'professional',
    merchantId: MID,
    totalAmount: 110,
    customerName: 'Test Buyer',
    invoiceReferenceId: reference,
    invoiceItems: [{ itemName: 'Hour', quantity: 1, unitPrice: 100, subTotal: 100 }],
    tax: 10,
    ...extra,
  };
}

export interface CheckoutUrlOptions {
  readonly orderId?: string;
  readonly amount?: string;
  readonly hashedAmount?: string;
  readonly currency?: string;
  readonly key?: string;
  readonly base?: string;
  readonly merchantRedirect?: string;
  readonly extra?: Record<string, string>;
}

/** A hosted checkout path and query, as Kashier's Node demo builds it. */
export function checkoutPath(options: CheckoutUrlOptions = {}): string {
  const orderId = options.orderId ?? 'ORD-1001';
  const amount = options.amount ?? '600.00';
  const currency = options.currency ?? 'EGP';
  const hash = buildOrderHash(
    { merchantId: MID, orderId, amount: options.hashedAmount ?? amount, currency },
    options.key ?? API_KEY,
  );
  const query = new URLSearchParams({
    merchantId: MID,
    orderId,
    amount,
    currency,
    hash,
    merchantRedirect: options.merchantRedirect ?? 'https://merchant.example/back',
    mode: options.base?.startsWith('/live') ? 'live' : 'test',
    display: 'en',
    ...options.extra,
  });
  return `${options.base ?? '/checkout'}?${query}`;
}

/** The checkout id in a payment page. */
export function checkoutIdIn(html: string): string {
  const found = /name="checkout" value="(chk_[0-9a-f]{24})"/.exec(html);
  if (!found) throw new Error(`no checkout form in the page: ${html.slice(0, 300)}`);
  return found[1] as string;
}

/** Posts the page's card form as a browser does. */
export function payForm(url: string, base: string, checkout: string, cardNumber: string): Promise<Response> {
  return fetch(`${url}${base}/pay`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({
      checkout,
      cardNumber,
      cardHolderName: 'Test Buyer',
      expiryMonth: '12',
      expiryYear: '30',
      cvv: '123',
    }).toString(),
  });
}
