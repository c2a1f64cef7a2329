import type { EnsuroBodySigning } from '../../src/ensuro/body-signer';
import { ensuroAuthHeaders } from '../../src/ensuro/request-auth';
import type { ClientAuth, Credentials, Settings } from '../runtime/provider';

/** The body signature the `clientSigning` setting chooses: HMAC with `hmacSecret`, or EIP-191 by the signer. */
export function clientSigningOf(credentials: Credentials, settings: Settings): EnsuroBodySigning {
  return settings.clientSigning === 'eip191'
    ? { method: 'eip191', privateKey: credentials.signerPrivateKey as string }
    : { method: 'hmac', secret: credentials.hmacSecret as string };
}

/**
 * Ensuro's client side, as `src/ensuro`'s client sends it: `x-api-key` on every operation but OPTIONS, and on the
 * policy operations a signature over the exact body bytes sent (a provider state may have filled values in).
 */
export const ensuroClientAuth: ClientAuth = async (request, { credentials, settings }) =>
  Object.fromEntries(
    Object.entries(
      ensuroAuthHeaders(request, credentials.apiKey as string, clientSigningOf(credentials, settings)),
    ).map(([name, value]) => [name.toLowerCase(), value]),
  );
