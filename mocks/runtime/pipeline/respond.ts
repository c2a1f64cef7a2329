import type { ServerResponse } from 'node:http';
import type { ErrorRequest, HandlerResponse, ProviderDefinition } from '../provider';
import type { SandboxRejection } from '../reasons';

/**
 * A refusal as the provider answers it: its error body with the reason header, or its error page where
 * the provider renders one for this request (a browser on a hosted page).
 */
export function rejectionResponse<State>(
  provider: ProviderDefinition<State>,
  error: SandboxRejection,
  request: ErrorRequest,
): HandlerResponse {
  const details = {
    status: error.status,
    reason: error.reason,
    message: error.message,
    errors: error.errors,
  };
  const headers = { ...error.headers, 'X-Sandbox-Reason': error.reason };
  const page = provider.errorPage?.(details, request);
  if (page !== undefined) {
    return {
      status: error.status,
      body: page,
      headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' },
    };
  }
  const body = error.body !== undefined ? error.body : provider.errorBody(details);
  return { status: error.status, body, headers };
}

/**
 * Writes a response in one go, with Node's own calls: Express's `res.send` would add content negotiation,
 * freshness and ETag logic that a mock's JSON answers do not need, on every request. A string body goes
 * as it is (an HTML page, text); anything else as JSON. Returns the body text sent.
 */
export function writeResponse(
  res: ServerResponse,
  response: HandlerResponse,
  commonHeaders: readonly (readonly [string, string])[],
): string | undefined {
  const text = prepareResponse(res, response, commonHeaders);
  if (text === undefined) res.end();
  else res.end(text);
  return text;
}

/** Sets a response's status and headers without sending anything; returns its body text, if it has one. */
export function prepareResponse(
  res: ServerResponse,
  response: HandlerResponse,
  commonHeaders: readonly (readonly [string, string])[],
): string | undefined {
  for (const [name, value] of commonHeaders) res.setHeader(name, value);
  const { headers } = response;
  if (headers) for (const name in headers) res.setHeader(name, headers[name] as string);
  res.statusCode = response.status;
  if (response.body === undefined) return undefined;
  if (!res.hasHeader('content-type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
}
