import { generate, setAtPath } from './generators';
import type { PactBody, PactRequest } from './pact-file';

/** A request ready to authenticate and send; header names in lower case. */
export interface BuiltRequest {
  readonly method: string;
  /** Path and query, as appended to the base URL. */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer | undefined;
}

/**
 * The request an interaction describes, with its generators run (provider-state values, fresh UUIDs).
 * Credential headers (`dropHeaders`: the contract's are examples, a stale signature) are left out for the
 * provider's `clientAuth` to set, unless a generator fills them from a provider state: then the server under
 * test issued the value itself (a session token a state created) and it is sent.
 */
export function buildRequest(
  request: PactRequest,
  stateValues: Readonly<Record<string, unknown>>,
  dropHeaders: readonly string[],
): BuiltRequest {
  const generators = request.generators ?? {};
  const path = generators.path ? String(generate(generators.path, stateValues)) : request.path;
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(request.query ?? {})) {
    const generator = generators.query?.[name];
    for (const value of values)
      query.append(name, generator ? String(generate(generator, stateValues)) : value);
  }
  const dropped = new Set(dropHeaders.map((name) => name.toLowerCase()));
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    const generator = generators.header?.[name];
    if (dropped.has(name.toLowerCase()) && generator?.type !== 'ProviderState') continue;
    headers[name.toLowerCase()] = generator ? String(generate(generator, stateValues)) : values.join(', ');
  }
  let body = request.body;
  for (const [jsonPath, generator] of Object.entries(generators.body ?? {})) {
    if (body)
      body = { ...body, content: setAtPath(body.content, jsonPath, () => generate(generator, stateValues)) };
  }
  const search = query.toString();
  return {
    method: request.method.toUpperCase(),
    target: `${path}${search ? `?${search}` : ''}`,
    headers,
    body: body === undefined ? undefined : bodyBytesOf(body),
  };
}

/**
 * The bytes of a contract body: base64 decoded, text as it is, JSON as `JSON.stringify` writes it (compact,
 * fields in the contract's order: the bytes a provider state's `JSON.stringify` of the same body gives).
 */
export function bodyBytesOf(body: PactBody): Buffer | undefined {
  if (body.content === undefined) return undefined;
  if (body.encoded === 'base64') return Buffer.from(String(body.content), 'base64');
  if (typeof body.content === 'string') return Buffer.from(body.content, 'utf8');
  return Buffer.from(JSON.stringify(body.content), 'utf8');
}
