import type { Middleware } from 'openapi-fetch';

/** A request as it will be sent, for a signer to sign. */
export interface RequestToSign {
  /** Upper case, as sent. */
  readonly method: string;
  /** The whole URL, query included. */
  readonly url: string;
  /** The URL path, base path included, query excluded. */
  readonly path: string;
  /** The headers already set (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact bytes that will be sent as the body; undefined when there is no body. */
  readonly body: Uint8Array | undefined;
}

/** Headers a signer adds; an undefined value adds nothing (a header that is optional to send). */
export type SignatureHeaders = Readonly<Record<string, string | undefined>>;

export type RequestSigner = (request: RequestToSign) => SignatureHeaders | Promise<SignatureHeaders>;

/**
 * openapi-fetch middleware that signs each request at send time: `sign` sees the request, its body bytes included
 * (read from a clone, so the request still sends them), and returns the headers to set, which replace any of the
 * same name. A signer that throws makes the call reject before anything is sent.
 */
export function signingMiddleware(sign: RequestSigner): Middleware {
  return {
    async onRequest({ request }) {
      const body = request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer());
      const headers = await sign({
        method: request.method,
        url: request.url,
        path: new URL(request.url).pathname,
        headers: Object.fromEntries(request.headers),
        body,
      });
      for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined) request.headers.set(name, value);
      }
      return request;
    },
  };
}
