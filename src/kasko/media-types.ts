/**
 * KASKO's versioned media types: the current quote takes v3, offers and policies v2 (as KASKO's product
 * pages send them); payments and the Data API take plain JSON.
 */
export const KASKO_V3 = 'application/vnd.kasko.v3+json';
export const KASKO_V2 = 'application/vnd.kasko.v2+json';

/** The `Accept` a route wants, by method and path (base path excluded); undefined for plain JSON. */
export function kaskoMediaTypeFor(method: string, path: string): string | undefined {
  const verb = method.toUpperCase();
  if (path === '/quotes') return verb === 'POST' ? KASKO_V3 : KASKO_V2;
  if (/^\/policies(?:\/[^/]+(?:\/reactivate)?)?$/.test(path)) return KASKO_V2;
  return undefined;
}

/** Which KASKO version an `Accept` header asks for (`v3`, `v2`), or undefined when it names none. */
export function kaskoVersionAccepted(accept: string | undefined): 'v3' | 'v2' | undefined {
  const types = (accept ?? '').split(',').map((part) => (part.split(';')[0] ?? '').trim().toLowerCase());
  if (types.includes(KASKO_V3)) return 'v3';
  if (types.includes(KASKO_V2)) return 'v2';
  return undefined;
}
