import type { IncomingHttpHeaders } from 'node:http';

/** What a request carries, where a credential can travel. */
export interface CarriedParts {
  readonly headers: IncomingHttpHeaders;
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Where a request carries a revoked credential, named without the value ("the x-api-key header", "the key
 * query parameter", "the body field apiKey"), or undefined. Revocation is the runtime's, not each handler's:
 * a key is refused wherever it is carried, whether a security scheme reads it or a handler does (a key in
 * `?key=` that a scheme treats as optional, an API key in a body exchanged for a token). A header value is
 * read whole, after its auth scheme (`Bearer <key>`), and as Basic's user and password.
 */
export function revokedCredentialIn(
  parts: CarriedParts,
  isRevoked: (value: string) => boolean,
): string | undefined {
  for (const [name, value] of Object.entries(parts.headers)) {
    for (const item of Array.isArray(value) ? value : [value ?? '']) {
      if (headerCandidates(item).some(isRevoked)) return `the ${name} header`;
    }
  }
  for (const [name, value] of Object.entries(parts.query)) {
    if ((Array.isArray(value) ? value : [value ?? '']).some(isRevoked)) return `the ${name} query parameter`;
  }
  for (const [name, value] of Object.entries(parts.params)) {
    if (isRevoked(value)) return `the ${name} path parameter`;
  }
  return undefined;
}

/** Where a parsed body (JSON or form fields) carries a revoked credential, at any depth, or undefined. */
export function revokedCredentialInBody(
  body: unknown,
  isRevoked: (value: string) => boolean,
): string | undefined {
  // The parser bounds the depth (32) and the size (1 MiB): the walk is linear in the body's bytes.
  const pending: { value: unknown; field: string }[] = [{ value: body, field: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, field } = next;
    if (typeof value === 'string') {
      if (isRevoked(value)) return field === '' ? 'the body' : `the body field ${field}`;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push({ value: item, field });
    } else if (typeof value === 'object' && value !== null) {
      for (const [name, item] of Object.entries(value)) {
        pending.push({ value: item, field: field === '' ? name : `${field}.${name}` });
      }
    }
  }
  return undefined;
}

/** The value, what follows its auth scheme, and Basic's user and password. */
function headerCandidates(value: string): string[] {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return [trimmed];
  const credentials = trimmed.slice(space).trim();
  const candidates = [trimmed, credentials];
  if (trimmed.slice(0, space).toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) candidates.push(decoded.slice(0, colon), decoded.slice(colon + 1));
  }
  return candidates;
}
