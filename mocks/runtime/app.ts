import { performance } from 'node:perf_hooks';
import { parse as parseQueryString } from 'node:querystring';
import express, { type Express, type Request, type Response } from 'express';
import { parseJsonBody, readRawBody } from './body';
import { SandboxClock } from './clock';
import { createControlRouter } from './control';
import { FaultSet, type FaultRule } from './faults';
import { IdempotencyStore, requestFingerprint } from './idempotency';
import { Journal } from './journal';
import { assertPluggable } from './pluggable';
import { PrismResponder } from './prism-responder';
import type {
  Credentials,
  HandlerCall,
  HandlerRequest,
  HandlerResponse,
  ProviderDefinition,
  Settings,
} from './provider';
import { reasonCatalogueOf, runtimeReasonCode, SandboxRejection, type RuntimeReason } from './reasons';
import { formatRequestLine } from './request-log';
import { SpecRouter } from './router';
import { authenticate } from './security';
import { isJsonMediaType, loadSpec, type SpecOperation } from './spec';
import { RequestValidator } from './validation/request-validator';
import { ResponseValidator } from './validation/response-validator';
import type { Violation } from './validation/violations';

export interface ProviderAppOptions {
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly clock?: SandboxClock;
  /** Where the one-line-per-request log goes; omit for no log. */
  readonly log?: (line: string) => void;
  readonly journalCapacity?: number;
  /**
   * Checks every answer against the spec's response schemas and reports the ones that break it (the test
   * suite uses it; it costs time on every response, so it is off unless asked for).
   */
  readonly onResponseViolation?: (violation: ResponseViolation) => void;
}

export interface ResponseViolation {
  readonly operationId: string;
  readonly status: number;
  readonly violations: readonly Violation[];
}

/** One provider's running mock: its Express app and the pieces tests and the control surface reach. */
export interface ProviderApp<State = unknown> {
  readonly app: Express;
  readonly provider: ProviderDefinition<State>;
  readonly clock: SandboxClock;
  readonly journal: Journal;
  readonly faults: FaultSet;
  /** The spec's server base paths the operations are served under, e.g. ['/v2', '/api/v2']. */
  readonly basePaths: readonly string[];
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The current in-memory state (replaced on reset). */
  state(): State;
  /** Clears state, journal, idempotency keys and faults; the clock goes back to real time. */
  reset(): void;
  /** Prepares what is prepared lazily (request validators) in the background, once the server listens. */
  warmUp(): void;
  /** Runs a provider handler outside HTTP, as provider states do (no auth, no validation, no journal). */
  handle(operationId: string, call: HandlerCall): Promise<HandlerResponse>;
}

/** What the journal and the log learn about a request while it is handled. */
interface Trace {
  operation: SpecOperation | null;
  /** The body answered, kept only when responses are checked against the spec. */
  responseBody?: unknown;
  reason: string | null;
  /** The request body's text for the journal (bounded), once read. */
  bodyText: string | undefined;
  /** The client went away mid-request: nothing was answered, nothing is journaled. */
  aborted?: boolean;
  checked: Record<string, unknown>;
}

/** A request that found its operation, as the later steps of the pipeline see it. */
interface Matched {
  readonly req: Request;
  readonly method: string;
  readonly path: string;
  readonly operation: SpecOperation;
  readonly params: Record<string, string>;
  readonly basePath: string;
  readonly trace: Trace;
}

/**
 * Builds the Express app of one provider from its definition. A request goes through: route (404/405) ->
 * body read (413) -> the operation's security schemes (401) -> content type (415) -> JSON (400) -> spec
 * validation (provider's 4xx) -> idempotency (replay, 423, key reuse) -> injected faults -> the provider's
 * handler, or Prism answering from the spec. Every rejection is rendered in the provider's error shape
 * with its reason code; every request is journaled and logged.
 */
export function createProviderApp<State>(
  provider: ProviderDefinition<State>,
  options: ProviderAppOptions,
): ProviderApp<State> {
  const spec = loadSpec(provider.specPath);
  assertPluggable(provider, spec.operations, spec.securitySchemeNames);
  const router = new SpecRouter(spec.operations, spec.basePaths);
  const validator = new RequestValidator(spec);
  const responseValidator = options.onResponseViolation ? new ResponseValidator(spec) : undefined;
  const prism = new PrismResponder(provider.specPath);
  const clock = options.clock ?? new SandboxClock();

  const faults = new FaultSet();
  const idempotency = new IdempotencyStore();
  const journal = new Journal(
    new Set(provider.sensitiveHeaders.map((name) => name.toLowerCase())),
    options.journalCapacity,
  );
  const catalogue = reasonCatalogueOf(provider);
  const commonHeaders = Object.entries(provider.commonResponseHeaders ?? {});
  const policy = provider.idempotency;
  // An operation is idempotent when its spec declares the provider's idempotency header.
  const idempotentOperations = new Set(
    spec.operations
      .filter((operation) => operation.parameters.some((p) => p.in === 'header' && p.name === policy?.header))
      .map((operation) => operation.operationId),
  );
  const { credentials, settings } = options;
  let state = provider.createState();

  const reasonCode = (reason: RuntimeReason): string => runtimeReasonCode(provider.name, reason);
  const rejection = (reason: RuntimeReason, status: number, message: string, errors?: unknown) =>
    new SandboxRejection(status, reasonCode(reason), message, errors);

  const sandbox: ProviderApp<State> = {
    app: express(),
    provider,
    clock,
    journal,
    faults,
    basePaths: spec.basePaths,
    credentials,
    settings,
    state: () => state,
    reset: () => {
      state = provider.createState();
      journal.clear();
      idempotency.clear();
      faults.clear();
      clock.useRealTime();
    },
    warmUp: () => validator.warmUp(),
    handle: async (operationId, { params = {}, body }) => {
      const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
      const handler = provider.handlers[operationId];
      if (!operation || !handler) throw new Error(`no handler for operation "${operationId}"`);
      const basePath = spec.basePaths[0] ?? '';
      const path = `${basePath}${operation.pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? '')}`;
      return handler(
        handlerRequest(
          operation,
          { method: operation.method, path, params, query: {}, headers: {}, body },
          {
            now: clock.now(),
            origin: '',
            basePath,
          },
        ),
      );
    },
  };

  const { app } = sandbox;
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/__sandbox', createControlRouter(sandbox, reasonCode));
  app.use((req, res) => {
    const started = performance.now();
    const trace: Trace = {
      operation: null,
      reason: null,
      bodyText: undefined,
      checked: {},
    };
    handle(req, res, trace)
      .catch((error: unknown) => {
        if (error instanceof SandboxRejection) return sendRejection(res, trace, error);
        process.stderr.write(
          `partner-sandbox: ${provider.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`,
        );
        sendRejection(res, trace, rejection('INTERNAL_ERROR', 500, 'Internal sandbox error.'));
      })
      // Every path above has answered by now (responses are written in one go).
      .finally(() => record(req, res, trace, Math.round((performance.now() - started) * 10) / 10));
  });

  async function handle(req: Request, res: Response, trace: Trace): Promise<void> {
    const method = req.method.toUpperCase();
    const path = req.path;
    const match = router.match(method, path);
    if (match.kind === 'no-route') throw rejection('ROUTE_NOT_FOUND', 404, 'Not found.');
    if (match.kind === 'trailing-slash') throw rejection('TRAILING_SLASH', 404, 'Not found.');
    if (match.kind === 'method-not-allowed') {
      res.setHeader('Allow', match.allowed.join(', '));
      throw rejection('METHOD_NOT_ALLOWED', 405, `Method "${method}" not allowed.`);
    }
    const { operation, params, basePath } = match;
    trace.operation = operation;
    const matched: Matched = { req, method, path, operation, params, basePath, trace };

    const read = await readRawBody(req);
    if (!read.ok && 'aborted' in read) {
      trace.aborted = true;
      res.destroy();
      return;
    }
    if (!read.ok) {
      res.setHeader('Connection', 'close');
      throw rejection('BODY_TOO_LARGE', 413, 'Request body exceeds the 1 MiB limit.');
    }
    const now = clock.now();
    const auth = authenticate(
      provider.securitySchemes,
      operation.security,
      { method, path, headers: req.headers, rawBody: read.raw },
      { credentials, settings, now },
    );
    if (auth) {
      trace.checked.auth = auth.checked;
      if (!auth.ok) throw new SandboxRejection(auth.status, auth.reason, auth.message);
    }
    // The journal keeps 500 entries: bodies up to 64 KiB each, so it stays small whatever clients send.
    if (read.raw.length > 0) {
      trace.bodyText =
        read.raw.length <= JOURNAL_BODY_LIMIT
          ? read.raw.toString('utf8')
          : `[a ${read.raw.length}-byte body, not kept]`;
    }
    const body = parseBody(operation, req, read.raw);
    const query = parseQueryString(queryStringOf(req.url)) as Record<string, unknown>;
    const violations = validator.validate(operation, { params, query, headers: req.headers, body });
    if (violations.length > 0) {
      trace.checked.violations = violations;
      throw validationRejection(violations);
    }

    const run = () => answer(matched, body, query, now);
    const key =
      policy && idempotentOperations.has(operation.operationId) ? req.headers[policy.header] : undefined;
    if (!policy || typeof key !== 'string') return sendResponse(res, trace, await run());

    // The same resource under another base path (an alias) is the same request.
    const fingerprint = requestFingerprint(method, path.slice(basePath.length), read.raw);
    const decision = idempotency.begin(
      key,
      fingerprint,
      now.getTime(),
      policy.retentionSeconds(settings) * 1000,
    );
    trace.checked.idempotency = { key, outcome: decision.kind };
    switch (decision.kind) {
      case 'replay':
        trace.reason = reasonCode('IDEMPOTENT_REPLAY');
        return sendResponse(res, trace, {
          ...decision.response,
          status: policy.replayStatus,
          headers: { ...decision.response.headers, 'X-Sandbox-Reason': trace.reason },
        });
      case 'in-flight':
        throw rejection(
          'IDEMPOTENCY_IN_FLIGHT',
          policy.inFlightStatus,
          'A request with this idempotency key is still being processed.',
        );
      case 'key-reused':
        throw rejection(
          'IDEMPOTENCY_KEY_REUSED',
          policy.mismatchStatus,
          'This idempotency key was already used for a different request.',
        );
      case 'proceed': {
        const response = await run().catch((error: unknown) => {
          decision.abandon();
          throw error;
        });
        decision.complete(response);
        return sendResponse(res, trace, response);
      }
    }
  }

  /** The answer to a valid request: an injected fault, the provider's handler, or the spec through Prism. */
  async function answer(
    matched: Matched,
    body: unknown,
    query: Record<string, unknown>,
    now: Date,
  ): Promise<HandlerResponse> {
    const { req, method, path, operation, params, basePath, trace } = matched;
    const fault = faults.take(method, path, operation.operationId);
    if (fault) {
      trace.checked.fault = fault.id;
      if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.status !== undefined) {
        trace.reason = reasonCode('FAULT_INJECTED');
        return faultResponse(fault, trace.reason);
      }
    }
    const fromSpec = () =>
      prism.respond(operation.operationId, {
        method,
        path: path.slice(basePath.length),
        query: query as Record<string, string | string[]>,
        headers: req.headers,
        body,
      });
    const handler = provider.handlers[operation.operationId];
    if (!handler) return fromSpec();
    return handler(
      handlerRequest(
        operation,
        { method, path, params, query, headers: req.headers, body },
        {
          now,
          origin: `${req.protocol}://${req.headers.host ?? req.socket.localAddress}`,
          basePath,
          fromSpec,
        },
      ),
    );
  }

  /** What a handler sees, the same whether the call came over HTTP or from a provider state. */
  function handlerRequest(
    operation: SpecOperation,
    request: Pick<HandlerRequest<State>, 'method' | 'path' | 'params' | 'query' | 'headers' | 'body'>,
    context: { now: Date; origin: string; basePath: string; fromSpec?: () => Promise<HandlerResponse> },
  ): HandlerRequest<State> {
    return {
      operationId: operation.operationId,
      ...request,
      state,
      credentials,
      settings,
      now: context.now,
      origin: context.origin,
      basePath: context.basePath,
      fromSpec: context.fromSpec ?? (() => Promise.reject(new Error('no spec answer outside HTTP'))),
    };
  }

  /** An injected fault's answer: the body the fault brings, else what the provider sends with that status. */
  function faultResponse(fault: FaultRule, reason: string): HandlerResponse {
    const details = { status: fault.status as number, reason, message: 'Injected fault.' };
    const body = fault.body !== undefined ? fault.body : (provider.faultBody ?? provider.errorBody)(details);
    return { status: fault.status as number, body, headers: { 'X-Sandbox-Reason': reason } };
  }

  function parseBody(operation: SpecOperation, req: Request, rawBody: Buffer): unknown {
    if (!operation.bodySchemaPointer) return undefined;
    const contentType = req.headers['content-type'];
    if (rawBody.length > 0 && (contentType === undefined || !isJsonMediaType(contentType))) {
      throw rejection(
        'UNSUPPORTED_MEDIA_TYPE',
        415,
        `Unsupported media type "${contentType ?? ''}" in request.`,
      );
    }
    const parsed = parseJsonBody(rawBody);
    if (!parsed.ok && parsed.problem === 'too-deep') throw rejection('BODY_TOO_DEEP', 400, parsed.detail);
    if (!parsed.ok) throw rejection('MALFORMED_JSON', 400, `JSON parse error - ${parsed.detail}`);
    return parsed.value;
  }

  /** A bad path parameter is a resource that does not exist (404); the rest is the provider's validation error. */
  function validationRejection(violations: readonly Violation[]): SandboxRejection {
    const where = (violations[0] as Violation).in;
    if (where === 'path') return rejection('PATH_INVALID', 404, 'Not found.');
    const reason: RuntimeReason =
      where === 'query' ? 'QUERY_INVALID' : where === 'header' ? 'HEADER_INVALID' : 'BODY_INVALID';
    const details = provider.validationError(violations);
    return rejection(reason, details.status, details.message, details.errors);
  }

  function sendRejection(res: Response, trace: Trace, error: SandboxRejection): void {
    if (!(error.reason in catalogue)) {
      process.stderr.write(
        `partner-sandbox: ${provider.name}: reason code ${error.reason} is not documented\n`,
      );
    }
    trace.reason = error.reason;
    if (res.headersSent) return;
    sendResponse(res, trace, {
      status: error.status,
      body: provider.errorBody({
        status: error.status,
        reason: error.reason,
        message: error.message,
        errors: error.errors,
      }),
      headers: { ...error.headers, 'X-Sandbox-Reason': error.reason },
    });
  }

  /**
   * Writes a response in one go, with Node's own calls: Express's `res.send` would add content negotiation,
   * freshness and ETag logic that a mock's JSON answers do not need, on every request.
   */
  function sendResponse(res: Response, trace: Trace, response: HandlerResponse): void {
    if (responseValidator) trace.responseBody = response.body;
    for (const [name, value] of commonHeaders) res.setHeader(name, value);
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    res.statusCode = response.status;
    if (response.body === undefined) {
      res.end();
      return;
    }
    if (!res.hasHeader('content-type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
  }

  function record(req: Request, res: Response, trace: Trace, durationMs: number): void {
    if (trace.aborted) return;
    if (responseValidator && trace.operation) {
      const violations = responseValidator.validate(trace.operation, res.statusCode, trace.responseBody);
      if (violations.length > 0) {
        options.onResponseViolation?.({
          operationId: trace.operation.operationId,
          status: res.statusCode,
          violations,
        });
      }
    }
    const path = req.path;
    journal.record({
      timeMs: Date.now(),
      method: req.method,
      path,
      query: queryStringOf(req.url),
      operationId: trace.operation?.operationId ?? null,
      status: res.statusCode,
      reason: trace.reason,
      durationMs,
      headers: req.headers,
      bodyText: trace.bodyText,
      checked: trace.checked,
    });
    options.log?.(
      formatRequestLine({
        provider: provider.name,
        method: req.method,
        path,
        status: res.statusCode,
        reason: trace.reason,
        durationMs,
      }),
    );
  }

  return sandbox;
}

const JOURNAL_BODY_LIMIT = 64 * 1024;

function queryStringOf(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? '' : url.slice(index + 1);
}
