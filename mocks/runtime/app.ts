import { performance } from 'node:perf_hooks';
import { parse as parseQueryString } from 'node:querystring';
import express, { type Express, type Request, type Response } from 'express';
import { parseJsonBody, readRawBody } from './body';
import { SandboxClock } from './clock';
import { createControlRouter } from './control';
import { FaultSet } from './faults';
import { IdempotencyStore, requestFingerprint } from './idempotency';
import { Journal, redactHeaders } from './journal';
import { PrismResponder } from './prism-responder';
import type { Credentials, HandlerResponse, ProviderDefinition, SecurityOutcome, Settings } from './provider';
import { reasonCatalogueOf, runtimeReasonCode, SandboxRejection, type RuntimeReason } from './reasons';
import { formatRequestLine } from './request-log';
import { SpecRouter } from './router';
import { isJsonMediaType, loadSpec, type SpecOperation } from './spec';
import { RequestValidator } from './validation/request-validator';
import type { Violation } from './validation/violations';

export interface ProviderAppOptions {
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly clock?: SandboxClock;
  /** Where the one-line-per-request log goes; omit for no log. */
  readonly log?: (line: string) => void;
  readonly journalCapacity?: number;
}

/** One provider's running mock: its Express app and the pieces tests and the control surface reach. */
export interface ProviderApp<State = unknown> {
  readonly app: Express;
  readonly provider: ProviderDefinition<State>;
  readonly clock: SandboxClock;
  readonly journal: Journal;
  readonly faults: FaultSet;
  /** The spec's server base paths the operations are served under, e.g. ['/x', '/xcover']. */
  readonly basePaths: readonly string[];
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The current in-memory state (replaced on reset). */
  state(): State;
  /** Clears state, journal, idempotency keys and faults; the clock goes back to real time. */
  reset(): void;
  /** Prepares what is prepared lazily (request validators) in the background, once the server listens. */
  warmUp(): void;
}

/** What the journal and the log learn about a request while it is handled. */
interface Trace {
  operationId: string | null;
  reason: string | null;
  body: unknown;
  checked: Record<string, unknown>;
}

/**
 * Builds the Express app of one provider from its definition: spec-driven routing and validation, the
 * provider's security schemes, idempotency, injected faults, hand-written handlers with Prism answering
 * the rest, provider-shaped errors, the journal and the `/__sandbox/` control surface.
 */
export function createProviderApp<State>(
  provider: ProviderDefinition<State>,
  options: ProviderAppOptions,
): ProviderApp<State> {
  const spec = loadSpec(provider.specPath);
  assertPluggable(provider, spec.operations, spec.securitySchemeNames);
  const router = new SpecRouter(spec.operations, spec.basePaths);
  const validator = new RequestValidator(spec);
  const prism = new PrismResponder(provider.specPath);
  const clock = options.clock ?? new SandboxClock();
  const journal = new Journal(options.journalCapacity);
  const faults = new FaultSet();
  const idempotency = new IdempotencyStore();
  const sensitiveHeaders = new Set(provider.sensitiveHeaders.map((name) => name.toLowerCase()));
  const catalogue = reasonCatalogueOf(provider);
  // An operation is idempotent when its spec declares the provider's idempotency header.
  const idempotencyHeader = provider.idempotency?.header;
  const idempotentOperations = new Set(
    spec.operations
      .filter((operation) =>
        operation.parameters.some((p) => p.in === 'header' && p.name === idempotencyHeader),
      )
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
  };

  const { app } = sandbox;
  app.disable('x-powered-by');
  app.disable('etag');
  app.use('/__sandbox', createControlRouter(sandbox, reasonCode));
  app.use((req, res) => {
    const started = performance.now();
    const trace: Trace = { operationId: null, reason: null, body: undefined, checked: {} };
    res.on('finish', () => {
      const path = req.path;
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      journal.record({
        time: new Date().toISOString(),
        method: req.method,
        path,
        query: queryStringOf(req.url),
        operationId: trace.operationId,
        status: res.statusCode,
        reason: trace.reason,
        durationMs,
        headers: redactHeaders(req.headers, sensitiveHeaders),
        body: trace.body,
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
    });
    handle(req, res, trace).catch((error: unknown) => {
      if (error instanceof SandboxRejection) {
        sendRejection(res, trace, error);
      } else {
        process.stderr.write(
          `partner-sandbox: ${provider.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`,
        );
        sendRejection(res, trace, rejection('INTERNAL_ERROR', 500, 'Internal sandbox error.'));
      }
    });
  });

  async function handle(req: Request, res: Response, trace: Trace): Promise<void> {
    const method = req.method.toUpperCase();
    const path = req.path;
    const match = router.match(method, path);
    if (match.kind === 'no-route') throw rejection('ROUTE_NOT_FOUND', 404, 'Not found.');
    if (match.kind === 'method-not-allowed') {
      const error = rejection('METHOD_NOT_ALLOWED', 405, `Method "${method}" not allowed.`);
      res.setHeader('Allow', match.allowed.join(', '));
      throw error;
    }
    const { operation, params, basePath } = match;
    trace.operationId = operation.operationId;

    const read = await readRawBody(req);
    if (!read.ok) {
      res.setHeader('Connection', 'close');
      throw rejection('BODY_TOO_LARGE', 413, 'Request body exceeds the 1 MiB limit.');
    }
    const rawBody = read.raw;
    const now = clock.now();

    const auth = authenticate(operation, { method, path, headers: req.headers, rawBody }, now);
    if (auth) {
      trace.checked.auth = auth.checked;
      if (!auth.ok) throw new SandboxRejection(auth.status, auth.reason, auth.message);
    }

    const body = parseBody(operation, req, rawBody);
    trace.body = body;
    const query = parseQueryString(queryStringOf(req.url)) as Record<string, unknown>;
    const violations = validator.validate(operation, { params, query, headers: req.headers, body });
    if (violations.length > 0) {
      trace.checked.violations = violations;
      throw validationRejection(violations);
    }

    const run = async (): Promise<HandlerResponse> => {
      const fault = faults.take(method, path, operation.operationId);
      if (fault) {
        trace.checked.fault = fault.id;
        if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (fault.status !== undefined) {
          const faultBody =
            fault.body !== undefined
              ? fault.body
              : fault.status >= 500
                ? {}
                : provider.errorBody({
                    status: fault.status,
                    reason: reasonCode('FAULT_INJECTED'),
                    message: 'Injected fault.',
                  });
          trace.reason = reasonCode('FAULT_INJECTED');
          return { status: fault.status, body: faultBody, headers: { 'X-Sandbox-Reason': trace.reason } };
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
      return handler({
        operationId: operation.operationId,
        method,
        path,
        params,
        query,
        headers: req.headers,
        body,
        state,
        credentials,
        settings,
        now,
        origin: `${req.protocol}://${req.headers.host ?? req.socket.localAddress}`,
        basePath,
        fromSpec,
      });
    };

    const policy = provider.idempotency;
    const key =
      policy && idempotentOperations.has(operation.operationId) ? req.headers[policy.header] : undefined;
    if (!policy || typeof key !== 'string') {
      sendResponse(res, await run());
      return;
    }
    const decision = idempotency.begin(
      key,
      // The same resource under another base path (an alias) is the same request.
      requestFingerprint(method, path.slice(basePath.length), rawBody),
      now.getTime(),
      policy.retentionSeconds(settings) * 1000,
    );
    trace.checked.idempotency = { key, outcome: decision.kind };
    switch (decision.kind) {
      case 'replay':
        trace.reason = reasonCode('IDEMPOTENT_REPLAY');
        sendResponse(res, {
          ...decision.response,
          status: policy.replayStatus,
          headers: { ...decision.response.headers, 'X-Sandbox-Reason': trace.reason },
        });
        return;
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
        let response: HandlerResponse;
        try {
          response = await run();
        } catch (error) {
          decision.abandon();
          throw error;
        }
        decision.complete(response);
        sendResponse(res, response);
      }
    }
  }

  function authenticate(
    operation: SpecOperation,
    request: Parameters<ProviderDefinition['securitySchemes'][string]>[0],
    now: Date,
  ): SecurityOutcome | undefined {
    let firstFailure: SecurityOutcome | undefined;
    for (const alternative of operation.security) {
      const checked: Record<string, unknown> = {};
      let failure: SecurityOutcome | undefined;
      for (const scheme of alternative) {
        const outcome = (provider.securitySchemes[scheme] as ProviderDefinition['securitySchemes'][string])(
          request,
          {
            credentials,
            settings,
            now,
          },
        );
        checked[scheme] = outcome.checked;
        if (!outcome.ok) {
          failure = { ...outcome, checked };
          break;
        }
      }
      if (!failure) return { ok: true, checked };
      firstFailure ??= failure;
    }
    return firstFailure;
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
    if (!parsed.ok) throw rejection('MALFORMED_JSON', 400, `JSON parse error - ${parsed.detail}`);
    return parsed.value;
  }

  function validationRejection(violations: readonly Violation[]): SandboxRejection {
    const first = violations[0] as Violation;
    const reason: RuntimeReason =
      first.in === 'path'
        ? 'PATH_INVALID'
        : first.in === 'query'
          ? 'QUERY_INVALID'
          : first.in === 'header'
            ? 'HEADER_INVALID'
            : 'BODY_INVALID';
    if (reason === 'PATH_INVALID') return rejection(reason, 404, 'Not found.');
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
    sendResponse(res, {
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

  function sendResponse(res: Response, response: HandlerResponse): void {
    if (provider.commonResponseHeaders) res.set(provider.commonResponseHeaders);
    res.status(response.status);
    if (response.headers) res.set(response.headers);
    if (response.body === undefined) {
      res.end();
      return;
    }
    if (!res.getHeader('content-type')) res.setHeader('Content-Type', 'application/json');
    res.send(typeof response.body === 'string' ? response.body : JSON.stringify(response.body));
  }

  return sandbox;
}

function queryStringOf(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? '' : url.slice(index + 1);
}

/** Fails at start, loudly, when the provider and its spec do not fit together. */
function assertPluggable<State>(
  provider: ProviderDefinition<State>,
  operations: readonly SpecOperation[],
  schemeNames: readonly string[],
): void {
  const problems: string[] = [];
  for (const scheme of schemeNames) {
    if (!provider.securitySchemes[scheme]) problems.push(`no handler for security scheme "${scheme}"`);
  }
  for (const operation of operations) {
    for (const scheme of operation.security.flat()) {
      if (!schemeNames.includes(scheme))
        problems.push(`${operation.operationId} names undefined security scheme "${scheme}"`);
    }
  }
  const operationIds = new Set(operations.map((operation) => operation.operationId));
  for (const operationId of Object.keys(provider.handlers)) {
    if (!operationIds.has(operationId)) problems.push(`handler for unknown operation "${operationId}"`);
  }
  for (const code of Object.keys(provider.reasons)) {
    if (!code.startsWith(`${provider.name.toUpperCase()}_`))
      problems.push(`reason code ${code} lacks the provider prefix`);
  }
  if (problems.length > 0) throw new Error(`provider ${provider.name}: ${problems.join('; ')}`);
}
