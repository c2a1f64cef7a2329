/**
 * The two ways KASKO takes the secret key (both documented, both accepted for the same key): HTTP Basic with
 * the key as user name and an empty password (`curl -u sk_test_...:`), or a Bearer token (cross-origin use).
 */
export function kaskoBasicAuthorization(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`, 'utf8').toString('base64')}`;
}

export function kaskoBearerAuthorization(secretKey: string): string {
  return `Bearer ${secretKey}`;
}

export type KaskoAuthScheme = 'basic' | 'bearer';

/** The `Authorization` header for the secret key in the scheme chosen. */
export function kaskoAuthorization(secretKey: string, scheme: KaskoAuthScheme = 'basic'): string {
  return scheme === 'basic' ? kaskoBasicAuthorization(secretKey) : kaskoBearerAuthorization(secretKey);
}
