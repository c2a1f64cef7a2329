import { ensuroBodySigningOf, ensuroRequestSigner } from '../../src/ensuro/request-signer';
import { clientAuthFromSigner } from '../runtime/client-auth';

/**
 * Ensuro's client side is `src/ensuro`'s request signer, with the body signature the `clientSigning` setting
 * chooses: HMAC with `hmacSecret` (the default), or EIP-191 by the signer's key.
 */
export const ensuroClientAuth = clientAuthFromSigner(({ credentials, settings }) =>
  ensuroRequestSigner(
    credentials.apiKey as string,
    ensuroBodySigningOf(credentials, settings.clientSigning === 'eip191' ? 'eip191' : 'hmac'),
  ),
);
