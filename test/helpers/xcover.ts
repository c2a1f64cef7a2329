/**
 * Helpers for the XCover mock's HTTP tests: an in-process sandbox on an ephemeral port, a signed fetch
 * (`xcoverFetch`) built on the project's own signer, and request bodies modelled on the recorded traffic.
 */
import type { Settings } from '../../mocks/runtime/provider';
import { xcoverProvider } from '../../mocks/xcover/provider';
import type { XCoverState } from '../../mocks/xcover/state';
import type { StartedProvider } from '../../mocks/sandbox';
import { createXCoverClient } from '../../src/xcover';
import { xcoverRequestSigner } from '../../src/xcover/request-signer';
import type { XCoverAlgorithm } from '../../src/xcover/signature';
import {
  expectRejected as expectRejectedBody,
  startTestSandbox,
  useTestSandbox,
  type RunningTestSandbox,
} from './sandbox';

export { addFault, expectAnswered, journal, jsonOf, setClock, type JournalEntryView } from './sandbox';

export const PARTNER = 'LLODT';
export const API_KEY = 'xcover_test_api_key';
export const API_SECRET = 'xcover_test_api_secret';
/** Partner-scoped path prefix under the default base path. */
export const P = `/x/partners/${PARTNER}`;

export type XCoverSandbox = RunningTestSandbox<XCoverState>;

/** Starts the XCover mock in-process with the default credentials and (optionally) changed settings. */
export function startXCover(settings: Partial<Settings> = {}): Promise<XCoverSandbox> {
  return startTestSandbox(xcoverProvider, { settings });
}

export interface XCoverTestSandbox {
  /** The sandbox of the surrounding `describe` (available inside tests and hooks). */
  readonly x: XCoverSandbox;
  /** A signed request on the sandbox clock, so tests that move the clock still pass the Date window. */
  call(method: string, path: string, body?: unknown, options?: XCoverFetchOptions): Promise<Response>;
}

/**
 * Gives the surrounding `describe` block its own XCover sandbox: started once, reset before each test,
 * closed at the end, every answer checked against the spec.
 */
export function useXCoverSandbox(settings: Partial<Settings> = {}): XCoverTestSandbox {
  const sandbox = useTestSandbox(xcoverProvider, { settings });
  return {
    get x() {
      return sandbox();
    },
    call: (method, path, body, options = {}) =>
      xcoverFetch(sandbox().url, method, path, body, { date: sandbox().sandbox.clock.now(), ...options }),
  };
}

export interface XCoverFetchOptions {
  /** Skip signing entirely (no Date, no Authorization). */
  readonly unsigned?: boolean;
  readonly algorithm?: XCoverAlgorithm;
  /** undefined = the documented date-only form; e.g. ['(request-target)', 'date'] = the Python SDK form. */
  readonly signedHeaders?: readonly string[];
  /** The Date to sign with (default: now, real time). */
  readonly date?: Date;
  /** Send X-Api-Key (default true). */
  readonly sendApiKey?: boolean;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly idempotencyKey?: string;
  /** Extra headers, applied after signing (so they can override Date, Authorization, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Header names to remove after signing (lower case). */
  readonly dropHeaders?: readonly string[];
  /** Send these bytes as they are instead of JSON.stringify(body). */
  readonly raw?: string | Buffer;
  /** Content-Type (default application/json when there is a body). */
  readonly contentType?: string;
}

/**
 * A fetch signed as XCover wants it: `Signature keyId=...,algorithm=...,signature=...` over the Date (or the
 * listed headers), with X-Api-Key. `path` is the full path (base path included), e.g. `/x/partners/LLODT/quotes/`.
 */
export function xcoverFetch(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: XCoverFetchOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const payload =
    options.raw !== undefined ? options.raw : body === undefined ? undefined : JSON.stringify(body);
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.idempotencyKey !== undefined) headers['x-idempotency-key'] = options.idempotencyKey;
  if (!options.unsigned) {
    const sign = xcoverRequestSigner(
      { apiKey: options.apiKey ?? API_KEY, apiSecret: options.apiSecret ?? API_SECRET },
      {
        ...(options.algorithm ? { algorithm: options.algorithm } : {}),
        ...(options.signedHeaders ? { signedHeaders: options.signedHeaders } : {}),
        ...(options.date ? { now: () => options.date as Date } : {}),
        sendApiKey: options.sendApiKey ?? true,
      },
    );
    const signed = sign({ method, path: path.split('?')[0] ?? path, headers });
    Object.assign(headers, signed);
  }
  Object.assign(headers, options.headers ?? {});
  for (const name of options.dropHeaders ?? []) delete headers[name];
  return fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  });
}

/** Creates a quote through the typed client, as an integrator given a started sandbox's base URL does. */
export async function createQuoteWithClient(xcover: StartedProvider): Promise<Response> {
  const client = createXCoverClient({
    baseUrl: xcover.baseUrl,
    key: { apiKey: xcover.credentials.apiKey!, apiSecret: xcover.credentials.apiSecret! },
  });
  const { response } = await client.POST('/partners/{partner_code}/quotes/', {
    params: { path: { partner_code: xcover.credentials.partnerCode! } },
    body: quoteBody() as never,
  });
  return response;
}

/** XCover's error envelope. */
export interface XCoverError {
  type: string;
  message: string;
  errors: unknown;
}

/** Asserts status and reason, and returns XCover's error body. */
export function expectRejected(response: Response, status: number, reason: string): Promise<XCoverError> {
  return expectRejectedBody<XCoverError>(response, status, reason);
}

// ---- request bodies (shaped as the recorded SDK traffic) ----

export function quoteItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    policy_type: 'event_ticket_protection',
    policy_type_version: 1,
    policy_start_date: '2030-10-01T00:29:29Z',
    event_datetime: '2030-10-10T13:44:15Z',
    event_name: 'Ariana Grande',
    event_location: 'The O2',
    number_of_tickets: 2,
    tickets: [{ price: 100 }],
    resale_ticket: false,
    event_country: 'GB',
    ...overrides,
  };
}

export function quoteBody(items: Record<string, unknown>[] = [quoteItem()]): Record<string, unknown> {
  return {
    request: items,
    currency: 'GBP',
    customer_country: 'GB',
    customer_region: 'London',
    customer_language: 'en',
  };
}

export const POLICYHOLDER = {
  first_name: 'Mercedes',
  last_name: 'Barron',
  email: 'mercedes.barron@test-xcover.com',
  age: 30,
  country: 'GB',
  company: 'Cobb LLC',
};

export function instantBookingBody(
  items: Record<string, unknown>[] = [quoteItem()],
): Record<string, unknown> {
  return { request: items, currency: 'GBP', policyholder: POLICYHOLDER };
}

export interface QuotePackageView {
  id: string;
  status: string;
  total_price: number;
  quotes: Record<string, { id: string; price: number; status: string }>;
}

export interface BookingView {
  id: string;
  status: string;
  total_price: number;
  quotes: { id: string; price: number; status: string; price_diff?: number; policy_end_date: string }[];
  policyholder: Record<string, unknown>;
}

/** The quote packages the sandbox holds (its default namespace), in memory or in a state store alike. */
export function packageCount(x: XCoverSandbox): Promise<number> {
  return x.sandbox.readState((state) => state.packages.size);
}
