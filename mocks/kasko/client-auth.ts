import { kaskoAuthorization } from '../../src/kasko/auth-headers';
import type { ClientAuth } from '../runtime/provider';

/**
 * KASKO's client side: the secret key as the Basic user name with an empty password (KASKO accepts Bearer as
 * well; Basic is what its docs show first). The public key of a quote travels in the query, as the contract has it.
 */
export const kaskoClientAuth: ClientAuth = async (_request, { credentials }) => ({
  authorization: kaskoAuthorization(credentials.secretKey as string),
});
