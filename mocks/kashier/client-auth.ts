import { kashierRequestSigner } from '../../src/kashier/request-signer';
import { clientAuthFromSigner } from '../runtime/client-auth';

/**
 * Kashier's client side is `src/kashier`'s: the secret key as `Authorization` (a request that carries a team
 * member's key, which a provider state gave, keeps it) and the payment API key where payment sessions are created.
 */
export const kashierClientAuth = clientAuthFromSigner(({ credentials }) =>
  kashierRequestSigner({
    secretKey: credentials.secretKey as string,
    paymentApiKey: credentials.paymentApiKey as string,
  }),
);
