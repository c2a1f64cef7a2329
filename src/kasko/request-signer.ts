import { kaskoAuthorization, type KaskoAuthScheme } from './auth-headers';

/**
 * KASKO's client-side authentication, the one definition the typed client and `partner-sandbox verify` use: the
 * secret key in `Authorization`, as the Basic user name with an empty password (default) or as a Bearer token.
 * Nothing is signed per request, so a contract holding the test key replays as it is.
 */
export function kaskoRequestSigner(
  secretKey: string,
  scheme?: KaskoAuthScheme,
): () => { readonly authorization: string } {
  const authorization = kaskoAuthorization(secretKey, scheme);
  return () => ({ authorization });
}
