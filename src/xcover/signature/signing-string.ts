import { getHeader, type HeaderBag } from '../../shared/headers';

export interface XCoverRequestTarget {
  method: string;
  /** URL path; a query string (if any) is ignored. */
  path: string;
  headers?: HeaderBag;
}

export type StringToSign = { ok: true; value: string; headers: string[] } | { ok: false; detail: string };

const REQUEST_TARGET = '(request-target)';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** URL path without query string or fragment. */
export function pathWithoutQuery(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

/**
 * Build the string to sign. `signedHeaders` undefined is the documented date-only form (`date: <Date>`); otherwise
 * one `name: value` line per listed (lower-cased) name, joined by "\n", where `(request-target)` is
 * `<lower-case method> <path without query>`. `date` must be listed, `authorization` must not be, names must be unique HTTP tokens, and every
 * listed header must be present in the request. The returned `headers` are the normalised names.
 */
export function buildStringToSign(
  request: XCoverRequestTarget,
  signedHeaders: readonly string[] | undefined,
): StringToSign {
  const names = (signedHeaders ?? ['date']).map((name) => name.trim().toLowerCase());
  if (names.length === 0)
    return { ok: false, detail: 'the headers list is empty; it must at least contain date' };
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const name of names) {
    if (name !== REQUEST_TARGET && !HEADER_NAME.test(name)) {
      return { ok: false, detail: `headers lists "${name}", which is not a valid header name` };
    }
    if (name === 'authorization') {
      return {
        ok: false,
        detail: 'headers lists authorization, which carries the signature and cannot be signed',
      };
    }
    if (seen.has(name)) return { ok: false, detail: `headers lists "${name}" more than once` };
    seen.add(name);
    if (name === REQUEST_TARGET) {
      lines.push(`${REQUEST_TARGET}: ${request.method.toLowerCase()} ${pathWithoutQuery(request.path)}`);
      continue;
    }
    const value = getHeader(request.headers, name);
    if (value === undefined) {
      return { ok: false, detail: `headers lists "${name}" but the request has no ${name} header` };
    }
    lines.push(`${name}: ${value}`);
  }
  if (!seen.has('date')) {
    return { ok: false, detail: 'headers must include date (date is the minimum signed header set)' };
  }
  return { ok: true, value: lines.join('\n'), headers: names };
}
