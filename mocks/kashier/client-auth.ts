import type { ClientAuth } from '../runtime/provider';

/** Where Kashier asks for the payment API key beside the secret key: creating a payment session (v3). */
const PAYMENT_SESSIONS = /\/v3\/payment\/sessions$/;

/**
 * Kashier's client side: `Authorization: <secret key>` with no scheme, and `api-key: <payment API key>` where
 * payment sessions are created. A request that already carries a key (a team member's, which a provider state
 * gave) keeps it: the contract names whose key it is.
 */
export const kashierClientAuth: ClientAuth = async (request, { credentials }) => ({
  ...(request.headers.authorization === undefined ? { authorization: credentials.secretKey as string } : {}),
  ...(request.method === 'POST' && PAYMENT_SESSIONS.test(request.path)
    ? { 'api-key': credentials.paymentApiKey as string }
    : {}),
});
