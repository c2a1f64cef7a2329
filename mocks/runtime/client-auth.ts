import type { RequestSigner } from '../../src/shared/signing-middleware';
import type { ClientAuth, ClientAuthContext } from './provider';

/**
 * A provider's `clientAuth` from its one client-side signing definition (the `RequestSigner` its typed client
 * uses), given the credentials, settings and clock `verify` runs with: header names in lower case, headers the
 * signer leaves out (undefined) not sent.
 */
export function clientAuthFromSigner(signerOf: (context: ClientAuthContext) => RequestSigner): ClientAuth {
  return async (request, context) => {
    const headers = await signerOf(context)(request);
    return Object.fromEntries(
      Object.entries(headers)
        .filter((entry): entry is [string, string] => entry[1] !== undefined)
        .map(([name, value]) => [name.toLowerCase(), value]),
    );
  };
}
