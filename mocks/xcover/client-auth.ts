import { signXCoverRequest } from '../../src/xcover/signature';
import type { ClientAuth } from '../runtime/provider';

/**
 * XCover's client side: every request is signed afresh with the HMAC `Signature` scheme over the Date (the
 * documented date-only form, as the official examples send it), with `X-Api-Key`. The body is not signed.
 */
export const xcoverClientAuth: ClientAuth = async (request, { credentials, now }) => ({
  ...signXCoverRequest(
    { method: request.method, path: request.path },
    { apiKey: credentials.apiKey as string, apiSecret: credentials.apiSecret as string },
    { date: now },
  ),
});
