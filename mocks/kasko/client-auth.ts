import { kaskoRequestSigner } from '../../src/kasko/request-signer';
import { clientAuthFromSigner } from '../runtime/client-auth';

/**
 * KASKO's client side is `src/kasko`'s: the secret key as the Basic user name with an empty password (KASKO accepts
 * Bearer as well; Basic is what its docs show first). The public key of a quote travels in the query, as the
 * contract has it.
 */
export const kaskoClientAuth = clientAuthFromSigner(({ credentials }) =>
  kaskoRequestSigner(credentials.secretKey as string),
);
