import type { RequestToSign } from '../shared/signing-middleware';

/** The keys Kashier's requests carry, as `partner-sandbox credentials --json` prints them. */
export interface KashierKeys {
  /** Sent raw as `Authorization` (no scheme). */
  readonly secretKey: string;
  /** Sent as `api-key` where payment sessions are created; the same mode as the secret key. */
  readonly paymentApiKey?: string;
}

/** Where Kashier asks for the payment API key beside the secret key: creating a payment session (v3). */
const PAYMENT_SESSIONS = /\/v3\/payment\/sessions$/;

/**
 * Kashier's client-side authentication, the one definition the typed client and `partner-sandbox verify` use:
 * `Authorization: <secret key>` with no scheme, and `api-key: <payment API key>` where a payment session is
 * created. A request that already carries a key keeps it (a team member's, which the caller or a provider state
 * chose). Nothing is signed per request.
 */
export function kashierRequestSigner(
  keys: KashierKeys,
): (request: Pick<RequestToSign, 'method' | 'path' | 'headers'>) => Record<string, string> {
  return ({ method, path, headers }) => ({
    ...(headers.authorization === undefined ? { authorization: keys.secretKey } : {}),
    ...(method.toUpperCase() === 'POST' && PAYMENT_SESSIONS.test(path) && keys.paymentApiKey !== undefined
      ? { 'api-key': keys.paymentApiKey }
      : {}),
  });
}
