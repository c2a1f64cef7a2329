import type { IncomingMessage } from 'node:http';

/** The request header that selects a namespace (see SANDBOX-INTERFACE.md). */
export const NAMESPACE_HEADER = 'x-sandbox-namespace';

/** The path prefix that selects a namespace, for clients that cannot add a header: `/__ns/NAME/...`. */
export const NAMESPACE_PATH_PREFIX = '/__ns/';

/** 1 to 64 of `A-Z a-z 0-9 . _ -`: safe in a path segment, a header and a Redis key as they are. */
const NAMESPACE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function isNamespaceName(name: string): boolean {
  return NAMESPACE_NAME.test(name);
}

/** `/__ns/NAME`: what goes before a base path or `/__sandbox` to address namespace NAME. */
export function namespacePathPrefix(name: string): string {
  return `${NAMESPACE_PATH_PREFIX}${name}`;
}

/** The namespace a request selects, and its URL with the `/__ns/NAME` prefix taken off. */
export type NamespaceSelection =
  | { readonly kind: 'named'; readonly name: string; readonly url: string }
  | {
      readonly kind: 'invalid';
      readonly reason: 'NAMESPACE_INVALID' | 'NAMESPACE_CONFLICT';
      readonly message: string;
      readonly url: string;
    };

/**
 * The namespace a request names through its `X-Sandbox-Namespace` header or its `/__ns/NAME/` path prefix; undefined
 * when it names none (the default namespace), which costs a header lookup and one prefix test. The prefix is taken
 * off the returned `url` even when the name is refused, so the refusal is answered as the path beneath it is (the
 * control surface's or the provider's). Both given and different is refused: which one was meant is unknown.
 */
export function selectNamespace(
  req: Pick<IncomingMessage, 'headers' | 'url'>,
): NamespaceSelection | undefined {
  const header = req.headers[NAMESPACE_HEADER];
  const url = req.url ?? '/';
  const prefixed = url.startsWith(NAMESPACE_PATH_PREFIX);
  if (header === undefined && !prefixed) return undefined;
  let rest = url;
  let fromPath: string | undefined;
  if (prefixed) {
    const end = firstOf(url, NAMESPACE_PATH_PREFIX.length);
    fromPath = url.slice(NAMESPACE_PATH_PREFIX.length, end);
    rest = end === url.length || url[end] === '?' ? `/${url.slice(end)}` : url.slice(end);
  }
  // Node joins a repeated unknown header with ", ", which no name allows: refused below as invalid.
  const fromHeader = Array.isArray(header) ? header.join(', ') : header;
  const invalid = (reason: 'NAMESPACE_INVALID' | 'NAMESPACE_CONFLICT', message: string) =>
    ({ kind: 'invalid', reason, message, url: rest }) as const;
  for (const [name, where] of [
    [fromHeader, 'The X-Sandbox-Namespace header'],
    [fromPath, 'The /__ns/ path prefix'],
  ] as const) {
    if (name !== undefined && !isNamespaceName(name))
      return invalid('NAMESPACE_INVALID', `${where} must name a namespace of 1 to 64 of A-Z a-z 0-9 . _ -.`);
  }
  if (fromHeader !== undefined && fromPath !== undefined && fromHeader !== fromPath)
    return invalid(
      'NAMESPACE_CONFLICT',
      'The X-Sandbox-Namespace header and the /__ns/ path prefix name different namespaces.',
    );
  return { kind: 'named', name: (fromHeader ?? fromPath) as string, url: rest };
}

/** Where the namespace's segment ends: at the next `/`, `?`, or the end of the URL. */
function firstOf(url: string, from: number): number {
  for (let index = from; index < url.length; index += 1) {
    if (url[index] === '/' || url[index] === '?') return index;
  }
  return url.length;
}
