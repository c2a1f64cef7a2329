import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * The request's headers as the client sent them, for security schemes: a header sent more than once is the
 * list of all its values. Node's `headers` hides a repeat: it keeps the first `Authorization` and drops the
 * others, and joins two `x-api-key` lines into one value; a scheme that read that would check a credential
 * the client did not send alone. A list is what the extractors (`extract.ts`) refuse as malformed.
 */
export function headersAsSent(
  req: Pick<IncomingMessage, 'headers'> & Partial<Pick<IncomingMessage, 'rawHeaders' | 'headersDistinct'>>,
): IncomingHttpHeaders {
  const { headers, rawHeaders } = req;
  // One header line per name (the common case): Node's object already says everything. `headersDistinct` is
  // a getter that builds a second object of every header: read only when a name repeats.
  if (!rawHeaders || rawHeaders.length / 2 === Object.keys(headers).length) return headers;
  const { headersDistinct } = req;
  if (!headersDistinct) return headers;
  const asSent: IncomingHttpHeaders = { ...headers };
  for (const [name, values] of Object.entries(headersDistinct)) {
    if (values !== undefined && values.length > 1) asSent[name] = values;
  }
  return asSent;
}
