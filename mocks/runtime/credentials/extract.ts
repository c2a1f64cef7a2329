import type { IncomingHttpHeaders } from 'node:http';

/**
 * The standard ways a request carries a credential, read from the request as received. A provider's scheme
 * handler takes what these return and checks only the value. Each tells a missing credential (the scheme
 * was not attempted) from a malformed one (it was, badly), as the runtime's choice among alternatives needs.
 */
export type Extracted<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed'; readonly detail: string }
  | ({ readonly kind: 'present' } & T);

const MISSING = { kind: 'missing' } as const;
const malformed = (detail: string) => ({ kind: 'malformed', detail }) as const;

/** A header's single value: a repeated header is malformed (a proxy may have added one). */
function singleHeader(headers: IncomingHttpHeaders, name: string): Extracted<{ value: string }> {
  const value = headers[name];
  if (value === undefined) return MISSING;
  if (Array.isArray(value)) return malformed(`the ${name} header is sent more than once`);
  return { kind: 'present', value };
}

/**
 * The first of `names` the request sent more than once (a list, as the runtime presents a repeated header to
 * security schemes), or undefined: for schemes that hand headers to a verifier which would join the values.
 */
export function repeatedHeader(headers: IncomingHttpHeaders, names: readonly string[]): string | undefined {
  return names.find((name) => Array.isArray(headers[name]));
}

/** The `Authorization` header as it is, scheme and all (providers whose key is the whole header value). */
export function rawAuthorization(headers: IncomingHttpHeaders): Extracted<{ value: string }> {
  const header = singleHeader(headers, 'authorization');
  if (header.kind !== 'present') return header;
  if (header.value.trim() === '') return malformed('the Authorization header is empty');
  return header;
}

/** `Authorization: <scheme> <rest>`, the scheme matched case-insensitively (RFC 9110 §11.1). */
function authorizationWithScheme(
  headers: IncomingHttpHeaders,
  scheme: string,
): Extracted<{ credentials: string }> {
  const header = rawAuthorization(headers);
  if (header.kind !== 'present') return header;
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?: +(.*))?$/.exec(header.value);
  if (!match || (match[1] as string).toLowerCase() !== scheme.toLowerCase()) return MISSING;
  const credentials = (match[2] ?? '').trim();
  if (credentials === '') return malformed(`the ${scheme} credentials are empty`);
  return { kind: 'present', credentials };
}

/** HTTP Basic (RFC 7617): base64 of `user:password`; the password may be empty. */
export function basicCredentials(
  headers: IncomingHttpHeaders,
): Extracted<{ user: string; password: string }> {
  const found = authorizationWithScheme(headers, 'Basic');
  if (found.kind !== 'present') return found;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(found.credentials) || found.credentials.length % 4 !== 0) {
    return malformed('the Basic credentials are not base64');
  }
  const decoded = Buffer.from(found.credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return malformed('the Basic credentials have no ":" between user and password');
  return { kind: 'present', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** `Authorization: Bearer <token>` (RFC 6750): the token68 characters only. */
export function bearerToken(headers: IncomingHttpHeaders): Extracted<{ token: string }> {
  const found = authorizationWithScheme(headers, 'Bearer');
  if (found.kind !== 'present') return found;
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(found.credentials)) {
    return malformed('the Bearer token has characters a token cannot have (spaces, quotes, ...)');
  }
  return { kind: 'present', token: found.credentials };
}

/** An API key in a request header (`name` lower case, as Node gives header names). */
export function apiKeyHeader(headers: IncomingHttpHeaders, name: string): Extracted<{ key: string }> {
  const header = singleHeader(headers, name);
  if (header.kind !== 'present') return header;
  if (header.value === '') return malformed(`the ${name} header is empty`);
  return { kind: 'present', key: header.value };
}

/** An API key in a query parameter. */
export function apiKeyQuery(
  query: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): Extracted<{ key: string }> {
  const value = Object.hasOwn(query, name) ? query[name] : undefined;
  if (value === undefined) return MISSING;
  if (Array.isArray(value)) return malformed(`the ${name} query parameter is sent more than once`);
  if (value === '') return malformed(`the ${name} query parameter is empty`);
  return { kind: 'present', key: value };
}
