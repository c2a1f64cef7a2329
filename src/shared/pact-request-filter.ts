import type { RequestSigner } from './signing-middleware';

/**
 * What a Pact verifier's proxy hands a request filter (pact-js `Verifier`'s `requestFilter` is an Express
 * middleware): the request as the verifier is about to send it, its JSON body already parsed.
 */
export interface PactProxyRequest {
  readonly method: string;
  readonly originalUrl?: string;
  readonly url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/** Pact's `requestFilter`: Express's middleware shape, with no dependency on Express's types. */
export type PactRequestFilter = (
  req: PactProxyRequest,
  res: unknown,
  next: (error?: unknown) => void,
) => void;

/**
 * A Pact `requestFilter` that signs each replayed request with `sign`, the provider's own request signer (the one
 * its typed client uses), as the verifier is about to send it: its path with provider-state values filled in, and
 * the body bytes pact-js forwards (`JSON.stringify` of the parsed body, or the raw bytes), which the filter sets as
 * the body so that the bytes sent are the bytes signed.
 */
export function pactRequestFilter(sign: RequestSigner): PactRequestFilter {
  return (req, _res, next) => {
    const target = req.originalUrl ?? req.url;
    const url = new URL(target, `http://${String(req.headers.host ?? '127.0.0.1')}`);
    const body = forwardedBody(req.body);
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
        .map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value]),
    );
    Promise.resolve(
      sign({ method: req.method.toUpperCase(), url: url.href, path: url.pathname, headers, body }),
    )
      .then((signed) => {
        for (const [name, value] of Object.entries(signed))
          if (value !== undefined) req.headers[name.toLowerCase()] = value;
        if (body !== undefined) {
          req.body = body;
          req.headers['content-length'] = String(body.length);
        }
        next();
      })
      .catch(next);
  };
}

/** The bytes pact-js's proxy forwards for a parsed body: none for an empty one, else JSON text or the raw bytes. */
function forwardedBody(body: unknown): Buffer | undefined {
  if (Buffer.isBuffer(body)) return body.length === 0 ? undefined : body;
  if (typeof body !== 'object' || body === null || Object.keys(body).length === 0) return undefined;
  return Buffer.from(JSON.stringify(body));
}

/**
 * A credential a request filter needs, from an object such as `partner-sandbox credentials --json` prints for the
 * provider (or `startSandbox`'s `credentials`); refused, by name, when missing.
 */
export function credentialField(credentials: object, field: string): string {
  const value = (credentials as Readonly<Record<string, unknown>>)[field];
  if (typeof value !== 'string' || value === '') throw new TypeError(`the credentials have no "${field}"`);
  return value;
}
