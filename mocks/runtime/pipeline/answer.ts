import { requestFingerprint, type IdempotencyRunner } from '../idempotency';
import { versionHeaders } from '../policies/preconditions';
import type { HandlerRequest, HandlerResponse, OperationHandler } from '../provider';
import type { PrismResponder } from '../prism-responder';
import type { SpecOperation } from '../spec';
import { matchedOf, type Exchange } from './exchange';
import { policyRequest, type PipelineDeps } from './steps';

/**
 * What a handler sees, built from the request's parts and its context: the same whether the call came over HTTP
 * (with `fromSpec`, the spec's own answer) or from a provider state.
 */
export type HandlerRequestOf<State> = (
  operation: SpecOperation,
  request: Pick<
    HandlerRequest<State>,
    'method' | 'path' | 'params' | 'query' | 'headers' | 'body' | 'rawBody' | 'principal'
  >,
  context: {
    now: Date;
    origin: string;
    basePath: string;
    fromSpec?: () => Promise<HandlerResponse>;
    state: State;
  },
) => HandlerRequest<State>;

export interface AnswerDeps<State> extends PipelineDeps<State> {
  readonly idempotency: IdempotencyRunner;
  readonly prism: PrismResponder;
  readonly handlerRequest: HandlerRequestOf<State>;
  /**
   * With a shared store: calls the handler in the request's run, which commits what it changed; absent, the
   * handler is called as it is.
   */
  readonly callHandler?: (
    exchange: Exchange,
    handler: OperationHandler<State>,
    request: HandlerRequest<State>,
  ) => Promise<HandlerResponse>;
  /**
   * Runs right before the handler, once the request passed every check: an answer it gives (an injected
   * fault's, the spec's for a `Prefer`) is sent instead, and nothing is stored under an idempotency key.
   */
  readonly beforeHandler?: (exchange: Exchange) => Promise<HandlerResponse | undefined>;
}

/** An answer given before the handler ran: thrown through the idempotency store, which then keeps nothing. */
class AnsweredBeforeHandler {
  constructor(readonly response: HandlerResponse) {}
}

/**
 * The answer to a valid request, through the idempotency policy when the operation declares the
 * provider's idempotency header: a replay, a refusal (in flight, key reused), or a fresh answer kept for
 * the retention period.
 */
export async function answer<State>(exchange: Exchange, deps: AnswerDeps<State>): Promise<HandlerResponse> {
  const policy = deps.provider.idempotency;
  const { operation, relativePath } = matchedOf(exchange);
  const declared = operation.parameters.some((p) => p.in === 'header' && p.name === policy?.header);
  const key = policy && declared ? exchange.req.headers[policy.header] : undefined;
  if (!policy || typeof key !== 'string') {
    // Only a `beforeHandler` answers early: without one there is nothing to catch.
    return deps.beforeHandler ? respond(exchange, deps).catch(answeredEarly) : respond(exchange, deps);
  }

  // The same resource under another base path (an alias) is the same request.
  const fingerprint = requestFingerprint(exchange.method, relativePath, exchange.rawBody ?? Buffer.alloc(0));
  const outcome = await deps.idempotency
    .runOnce(key, fingerprint, exchange.now.getTime(), policy.retentionSeconds(deps.settings) * 1000, () =>
      respond(exchange, deps),
    )
    .catch(answeredEarly);
  if (!('kind' in outcome)) return outcome;
  exchange.trace.checked.idempotency = { key, outcome: outcome.kind };
  switch (outcome.kind) {
    case 'proceed':
      return outcome.response;
    case 'replay': {
      const reason = deps.reasonCode('IDEMPOTENT_REPLAY');
      exchange.trace.reason = reason;
      return {
        ...outcome.response,
        status: policy.replayStatus,
        headers: { ...outcome.response.headers, 'X-Sandbox-Reason': reason },
      };
    }
    case 'in-flight':
      throw deps.reject(
        'IDEMPOTENCY_IN_FLIGHT',
        'A request with this idempotency key is still being processed.',
        undefined,
        policy.inFlightStatus,
      );
    case 'key-reused':
      throw deps.reject(
        'IDEMPOTENCY_KEY_REUSED',
        'This idempotency key was already used for a different request.',
        undefined,
        policy.mismatchStatus,
      );
  }
}

/** The spec's answer to the request, through Prism (which reads Prism's `Prefer` choices). */
export function specAnswer<State>(
  exchange: Exchange,
  deps: Pick<AnswerDeps<State>, 'prism'>,
): Promise<HandlerResponse> {
  const { operation, relativePath } = matchedOf(exchange);
  return deps.prism.respond(operation.operationId, {
    method: exchange.method,
    path: relativePath,
    query: exchange.query,
    headers: exchange.req.headers,
    body: exchange.body,
  });
}

/** The provider's handler, or the spec through Prism; then the object's version. */
async function respond<State>(exchange: Exchange, deps: AnswerDeps<State>): Promise<HandlerResponse> {
  const { method, path, req } = exchange;
  const { operation, params, basePath } = matchedOf(exchange);
  if (deps.beforeHandler) {
    const early = await deps.beforeHandler(exchange);
    if (early) throw new AnsweredBeforeHandler(early);
  }
  const fromSpec = () => specAnswer(exchange, deps);
  const handler = deps.provider.handlers[operation.operationId];
  if (!handler) return fromSpec();
  const request = deps.handlerRequest(
    operation,
    {
      method,
      path,
      params,
      query: exchange.query,
      headers: req.headers,
      body: exchange.body,
      rawBody: exchange.bodyKind === 'raw' ? exchange.rawBody : undefined,
      principal: exchange.principal,
    },
    {
      now: exchange.now,
      // Express's req.protocol would consult the trust-proxy setting on every request; the sandbox trusts none.
      origin: `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? req.socket.localAddress}`,
      basePath,
      fromSpec,
      state: deps.state(exchange),
    },
  );
  const response = await (deps.callHandler ? deps.callHandler(exchange, handler, request) : handler(request));
  return withVersion(exchange, deps, response);
}

/**
 * A successful answer of an operation whose spec declares an `ETag` response header carries the version
 * of the object it names, as it is after the handler ran (unless the handler set it).
 */
function withVersion<State>(
  exchange: Exchange,
  deps: AnswerDeps<State>,
  response: HandlerResponse,
): HandlerResponse {
  const { operation } = matchedOf(exchange);
  const policy = deps.provider.preconditions;
  const declared = operation.responseHeaders[String(response.status)] ?? [];
  if (!policy || !declared.includes('etag') || response.headers?.ETag !== undefined) return response;
  const version = policy.versionOf(policyRequest(exchange, deps));
  return version ? { ...response, headers: { ...response.headers, ...versionHeaders(version) } } : response;
}

function answeredEarly(error: unknown): HandlerResponse {
  if (error instanceof AnsweredBeforeHandler) return error.response;
  throw error;
}
