/**
 * Helpers for the Kigo mock's HTTP tests: the sandbox of the surrounding `describe`, JSON calls with a Bearer
 * token, and the session steps (partner token, account session) most tests start with.
 */
import type { Settings } from '../../mocks/runtime/provider';
import { kigoProvider } from '../../mocks/kigo/provider';
import type { KigoState } from '../../mocks/kigo/state';
import { expectRejected as expectRejectedBody, useTestSandbox, type RunningTestSandbox } from './sandbox';

export { journal, jsonOf, revokeKey, setClock } from './sandbox';

export const API_KEY = 'kigo_test_api_key';
export const PARTNER_ID = 'kigo-test-partner';
export const OTHER_PARTNER = { apiKey: 'kigo_other_api_key', partnerId: 'kigo-other-partner' };

export interface KigoError {
  error: string;
  message: string;
  details?: unknown;
}

export interface AccountSession {
  token: string;
  refresh_token: string;
  account_id: string;
}

/** A JSON request's body, headers, and token (it goes in `Authorization: Bearer`). */
export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface KigoTestSandbox {
  readonly k: RunningTestSandbox<KigoState>;
  /** A JSON request; `token` goes in `Authorization: Bearer`. */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  partnerToken(partner?: { apiKey: string; partnerId: string }): Promise<string>;
  accountSession(user?: string, partner?: { apiKey: string; partnerId: string }): Promise<AccountSession>;
}

/** A JSON call to a Kigo sandbox, with a Bearer token when given. */
export function kigoFetch(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: CallOptions = {},
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The Kigo sandbox of the surrounding `describe` (with a second partner configured). */
export function useKigoSandbox(settings: Partial<Settings> = {}): KigoTestSandbox {
  const sandbox = useTestSandbox(kigoProvider, { settings: { otherPartners: [OTHER_PARTNER], ...settings } });
  const call: KigoTestSandbox['call'] = (method, path, options) =>
    kigoFetch(sandbox().url, method, path, options);
  const partnerToken = async (partner = { apiKey: API_KEY, partnerId: PARTNER_ID }) => {
    const response = await call('POST', '/api/v1/auth/sessions', {
      body: { api_key: partner.apiKey, partner_id: partner.partnerId },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };
  return {
    get k() {
      return sandbox();
    },
    call,
    partnerToken,
    accountSession: async (user = 'user-42', partner) => {
      const response = await call('POST', '/api/v1/auth/sessions/accounts', {
        token: await partnerToken(partner),
        body: { external_program_id: 'program-001', external_user_id: user, user_email: 'ada@example.com' },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as AccountSession;
    },
  };
}

export function expectRejected(response: Response, status: number, reason: string): Promise<KigoError> {
  return expectRejectedBody<KigoError>(response, status, reason);
}
