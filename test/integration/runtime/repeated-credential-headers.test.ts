/**
 * Issue 17, finding 5, over real HTTP on all five providers and the toy provider: a credential header sent
 * twice (Node keeps the first `Authorization` and drops the rest, and joins other repeats) is the provider's
 * malformed-credential refusal, never the first value accepted. Each request is first sent once, to show
 * the credentials pass, then with one header repeated, the same value twice.
 */
import { request as httpRequest } from 'node:http';
import { ensuroProvider } from '../../../mocks/ensuro/provider';
import { kashierProvider } from '../../../mocks/kashier/provider';
import { kaskoProvider } from '../../../mocks/kasko/provider';
import { kigoProvider } from '../../../mocks/kigo/provider';
import type { AnyProviderDefinition } from '../../../mocks/runtime/provider';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import { toyProvider } from '../../fixtures/toy-provider';
import { startTestSandbox, type RunningTestSandbox } from '../../helpers/sandbox';

interface Answer {
  readonly status: number;
  readonly reason: string | undefined;
}

/** Sends header lines as given: a list is that header once per value (fetch would join them). */
function send(
  url: string,
  method: string,
  headers: Record<string, string | string[]>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          reason: response.headers['x-sandbox-reason'] as string | undefined,
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

interface Case {
  readonly provider: AnyProviderDefinition;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  /** What the request answers with its credentials sent once (auth passed). */
  readonly once: number;
  /** The credential headers to repeat, each with the refusal it gets. */
  readonly repeated: Readonly<Record<string, { status: number; reason: string }>>;
  /** The request's headers, credentials included. */
  readonly headers: (sandbox: RunningTestSandbox<unknown>) => Promise<Record<string, string>>;
}

/** The provider's own client authentication (`clientAuth`), as `partner-sandbox verify` sends it. */
const signedBy =
  (method: string, path: string, body?: string, extra: Record<string, string> = {}) =>
  async ({ sandbox, url }: RunningTestSandbox<unknown>) => {
    const own = body === undefined ? extra : { 'content-type': 'application/json', ...extra };
    const auth = await sandbox.provider.clientAuth?.(
      {
        method,
        url: `${url}${path}`,
        path: path.split('?')[0] as string,
        headers: own,
        body: body === undefined ? undefined : Buffer.from(body),
      },
      {
        credentials: sandbox.credentials,
        settings: sandbox.settings,
        now: sandbox.clock.now(),
        baseUrl: url,
        session: new Map(),
      },
    );
    return { ...own, ...auth };
  };

const ensuroQuote = JSON.stringify({ data: {} });

const CASES: Readonly<Record<string, Case>> = {
  toy: {
    provider: toyProvider,
    method: 'GET',
    path: '/toy/me',
    once: 200,
    repeated: { authorization: { status: 401, reason: 'TOY_BASIC_INVALID' } },
    headers: async () => ({ authorization: `Basic ${Buffer.from('toy_test_key:').toString('base64')}` }),
  },
  kasko: {
    provider: kaskoProvider,
    method: 'GET',
    path: '/payments/pay_00000000000000000000000000',
    once: 404,
    repeated: { authorization: { status: 401, reason: 'KASKO_KEY_MALFORMED' } },
    headers: signedBy('GET', '/payments/pay_00000000000000000000000000'),
  },
  ensuro: {
    provider: ensuroProvider,
    method: 'POST',
    path: '/api/v0/example/new-policy',
    body: ensuroQuote,
    once: 400,
    repeated: {
      'x-api-key': { status: 400, reason: 'ENSURO_API_KEY_WRONG' },
      'x-ensuro-signature': { status: 400, reason: 'ENSURO_HMAC_MALFORMED' },
    },
    headers: signedBy('POST', '/api/v0/example/new-policy', ensuroQuote),
  },
  kigo: {
    provider: kigoProvider,
    method: 'GET',
    path: '/api/v1/accounts/lookup?external_user_id=user-1',
    once: 404,
    repeated: { authorization: { status: 401, reason: 'KIGO_TOKEN_MALFORMED' } },
    headers: async ({ url, sandbox }) => {
      const login = await fetch(`${url}/api/v1/auth/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          api_key: sandbox.credentials.apiKey,
          partner_id: sandbox.credentials.partnerId,
        }),
      });
      const { token } = (await login.json()) as { token: string };
      return { authorization: `Bearer ${token}` };
    },
  },
  kashier: {
    provider: kashierProvider,
    method: 'GET',
    path: '/payments/orders/ORD-1',
    once: 404,
    repeated: { authorization: { status: 401, reason: 'KASHIER_KEY_MALFORMED' } },
    headers: signedBy('GET', '/payments/orders/ORD-1'),
  },
  'kashier sessions': {
    provider: kashierProvider,
    method: 'POST',
    path: '/v3/payment/sessions',
    body: '{}',
    once: 400,
    repeated: { 'api-key': { status: 401, reason: 'KASHIER_API_KEY_INVALID' } },
    headers: async (running) => ({
      ...(await signedBy('POST', '/v3/payment/sessions', '{}')(running)),
      'api-key': running.sandbox.credentials.paymentApiKey as string,
    }),
  },
  xcover: {
    provider: xcoverProvider,
    method: 'GET',
    path: '/x/partners/LLODT/quotes/AAAAA-AAAAA-QUO/',
    once: 404,
    repeated: {
      authorization: { status: 401, reason: 'XCOVER_AUTH_MALFORMED' },
      'x-api-key': { status: 401, reason: 'XCOVER_AUTH_MALFORMED' },
      date: { status: 401, reason: 'XCOVER_DATE_MALFORMED' },
    },
    headers: signedBy('GET', '/x/partners/LLODT/quotes/AAAAA-AAAAA-QUO/', undefined, {
      'x-api-key': 'xcover_test_api_key',
    }),
  },
};

describe.each(Object.entries(CASES))('%s: a repeated credential header', (_name, testCase) => {
  let running: RunningTestSandbox<unknown>;
  beforeAll(async () => {
    running = await startTestSandbox<unknown>(testCase.provider);
  });
  afterAll(async () => {
    running.sandbox.webhooks.close();
    await running.server.close();
  });

  it.each(Object.entries(testCase.repeated))(
    '%s sent twice is the malformed-credential refusal',
    async (header, refusal) => {
      const headers = await testCase.headers(running);
      const url = `${running.url}${testCase.path}`;
      const once = await send(url, testCase.method, headers, testCase.body);
      expect(once.status).toBe(testCase.once);
      const value = headers[header] as string;
      expect(value).toBeDefined();
      const twice = await send(url, testCase.method, { ...headers, [header]: [value, value] }, testCase.body);
      expect(twice).toEqual(refusal);
      expect(running.responseViolations).toEqual([]);
    },
  );
});
