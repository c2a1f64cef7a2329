import type { IncomingMessage, ServerResponse } from 'node:http';
import { framingRejection } from './client-errors';
import type { AnyProviderDefinition } from './provider';

/**
 * The framing checks Node's parser leaves to the application, run first on every request (provider routes
 * and the control surface alike) from the raw header lines: exactly one `Host` on HTTP/1.1 (the server is
 * created with `requireHostHeader: false` so that a missing one gets this answer, not Node's bare 400), and
 * a `Transfer-Encoding` that is exactly one `chunked`, since anything else is framing a proxy in front could
 * read differently (request smuggling). Node joins repeated headers, so only `rawHeaders` shows either.
 */
export function checkRequestFraming(provider: AnyProviderDefinition) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const problem = framingProblem(provider, req);
    if (!problem) return next();
    // setHeader, not writeHead's argument: what observes the answer (the reason channel) reads them back.
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    res.statusCode = problem.status;
    res.end(problem.body);
  };
}

function framingProblem(provider: AnyProviderDefinition, req: IncomingMessage) {
  const hosts: string[] = [];
  const encodings: string[] = [];
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    const raw = req.rawHeaders[index] as string;
    // Only names of the right length are lower-cased: this runs for every header of every request.
    if (raw.length === 4 && raw.toLowerCase() === 'host') hosts.push(req.rawHeaders[index + 1] as string);
    else if (raw.length === 17 && raw.toLowerCase() === 'transfer-encoding')
      encodings.push(req.rawHeaders[index + 1] as string);
  }
  const http11 = req.httpVersionMajor > 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1);
  if (hosts.length > 1)
    return framingRejection(provider, 400, 'HOST_HEADER_INVALID', 'More than one Host header.');
  if (hosts.length === 0 && http11)
    return framingRejection(provider, 400, 'HOST_HEADER_INVALID', 'Missing Host header.');
  if (encodings.length > 0 && !(encodings.length === 1 && encodings[0]?.trim().toLowerCase() === 'chunked')) {
    return framingRejection(
      provider,
      400,
      'TRANSFER_ENCODING_INVALID',
      'Transfer-Encoding must be exactly "chunked".',
    );
  }
  return undefined;
}
