import { xcoverRequestSigner } from '../../src/xcover/request-signer';
import { clientAuthFromSigner } from '../runtime/client-auth';

/**
 * XCover's client side is `src/xcover`'s request signer: every request signed afresh at `verify`'s clock with the
 * HMAC `Signature` scheme over the Date (the documented date-only form, as the official examples send it), with
 * `X-Api-Key`.
 */
export const xcoverClientAuth = clientAuthFromSigner(({ credentials, now }) =>
  xcoverRequestSigner(
    { apiKey: credentials.apiKey as string, apiSecret: credentials.apiSecret as string },
    { now: () => now },
  ),
);
