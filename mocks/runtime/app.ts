import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parse as parseQueryString } from 'node:querystring';
import express, { Router } from 'express';
import { SandboxClock } from './clock';
import { refuseMalformedControlPath, requireControlToken } from './control-access';
import { createControlRouter } from './control';
import { ControlRefusal, parseFaultList, parseLatency } from './control-inputs';
import { ConfigError } from './config';
import { FaultSet, type FaultInput } from './faults';
import type { SandboxPeers } from './inspector/peers';
import { IdempotencyStore, requestFingerprint } from './idempotency';
import { Journal, journalBodyText } from './journal';
import { journalEntryUrl } from './journal-url';
import { keyRoutes } from './keys-control';
import { assertPluggable } from './pluggable';
import { drawLatency, pause, type Latency } from './latency';
import { answer, specAnswer, type AnswerDeps } from './pipeline/answer';
import { deliverBroken } from './pipeline/connection-faults';
import { faultStatusResponse, injectFault, type FaultPlan } from './pipeline/fault-step';
import { pipelinePath, queryStringOf, type Exchange, type Trace } from './pipeline/exchange';
import { prepareResponse, rejectionResponse, writeResponse } from './pipeline/respond';
import { parsePrefer, wantsSpecAnswer, type Preferences } from './prefer';
import {
  authenticateCaller,
  authorizeCaller,
  checkBodyDepth,
  checkPreconditions,
  parseBody,
  readBody,
  refuseRevokedCredentials,
  refuseRevokedInBody,
  route,
  validateRequest,
  type PipelineDeps,
} from './pipeline/steps';
import { PrismResponder } from './prism-responder';
import type {
  Credentials,
  HandlerCall,
  HandlerRequest,
  HandlerResponse,
  Principal,
  ProviderDefinition,
  Settings,
  WebhookSender,
} from './provider';
import { publishAnsweredReason } from './reason-channel';
import {
  reasonCatalogueOf,
  RUNTIME_REASONS,
  runtimeReasonCode,
  SandboxRejection,
  type RuntimeReason,
} from './reasons';
import { checkRequestFraming } from './request-framing';
import { formatRequestLine } from './request-log';
import { onResponseSettled } from './response-settled';
import { RateLimiter, type RateLimit } from './rate-limit';
import { RevokedKeys } from './revoked-keys';
import { runtimeSetting } from './runtime-settings';
import { mulberry32 } from './seeded-random';
import { RequestTally } from './tally';
import { SpecRouter } from './router';
import { webhookRoutes } from './webhooks/control-routes';
import { WebhookOutbox } from './webhooks/outbox';
import { stringsAt } from './redaction';
import { webhookTimeoutOf } from './common-settings';
import { secretSettingValues, validateSettings } from './settings-schema';
import { loadSpec, type SpecOperation } from './spec';
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
  /** The providers running in the same process: each one's inspector page can show them all. */
  readonly peers?: SandboxPeers;
  /** When set, every `/__sandbox/` request but `GET /__sandbox/health` needs `Authorization: Bearer <token>`. */
  readonly controlToken?: string;
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

/** One provider's running mock: its request listener and the pieces tests and the control surface reach. */
export interface ProviderApp<State = unknown> {
  /**
   * Answers every request (`http.createServer(app)`): provider requests go straight to the pipeline, the
   * control surface (`/__sandbox/`) to an Express app.
   */
  readonly app: RequestListener;
  readonly provider: ProviderDefinition<State>;
  readonly clock: SandboxClock;
  readonly journal: Journal;
  /** Every answer since the start, by status and reason (never reset): what `run` summarises. */
  readonly tally: RequestTally;
  readonly faults: FaultSet;
  readonly revokedKeys: RevokedKeys;
  /** The operationIds of the spec (faults may name only these). */
  readonly operationIds: ReadonlySet<string>;
  /** Outbound notifications the handlers sent, delivered on the sandbox clock. */
  readonly webhooks: WebhookOutbox;
  /** The spec's server base paths the operations are served under, e.g. ['/v2', '/api/v2']. */
  readonly basePaths: readonly string[];
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The current in-memory state (replaced on reset). */
  state(): State;
  /**
   * Clears state, journal, idempotency keys, faults, revocations and pending webhooks; the clock goes back
   * to real time.
   */
  reset(): void;
  /** Prepares what is prepared lazily (request validators) in the background, once the server listens. */
  warmUp(): void;
  /** Who provider states act as: the principal of the default credentials. */
  readonly defaultPrincipal: Principal;
  /** Runs a provider handler outside HTTP, as provider states do (no auth, no validation, no journal). */
  handle(operationId: string, call: HandlerCall): Promise<HandlerResponse>;
}

/**
 * Builds the Express app of one provider from its definition. A request goes through named steps (see
 * `pipeline/steps.ts`): route (404/405) -> body read (413) -> revoked keys carried anywhere (401) ->
 * authenticate (401, tokens of revoked keys) -> authorize (403, another account's object 404) -> body parse
 * by media type (415/400) -> revoked keys in the body (401) -> spec
 * validation (the provider's 4xx) -> preconditions (412/428) -> idempotency (replay, 423, key reuse) ->
 * injected faults -> the provider's handler, or Prism answering from the spec. Every refusal is rendered
 * in the provider's error shape with its reason code; every request is journaled and logged.
 */
export function createProviderApp<State>(
  provider: ProviderDefinition<State>,
  options: ProviderAppOptions,
): ProviderApp<State> {
  validateSettings(provider, options.settings);
  const spec = loadSpec(provider.specPath);
  assertPluggable(provider, spec.operations, spec.securitySchemeNames);
  const router = new SpecRouter(spec.operations, spec.basePaths);
  const validator = new RequestValidator(spec);
  const responseValidator = options.onResponseViolation ? new ResponseValidator(spec) : undefined;
  const prism = new PrismResponder(provider.specPath);
  const clock = options.clock ?? new SandboxClock();

  const operationIds = new Set(spec.operations.map((operation) => operation.operationId));
  const configuredFaults = configuredFaultsOf(
    provider.name,
    options.settings,
    operationIds,
    options.credentials,
  );
  const faults = new FaultSet(options.credentials);
  const installConfiguredFaults = () => configuredFaults.forEach((rule) => faults.add(rule));
  installConfiguredFaults();
  const latency = runtimeSetting(options.settings, 'latency') as Latency | null;
  const latencyRandom = mulberry32(Number(runtimeSetting(options.settings, 'latencySeed')));
  const rateLimit = runtimeSetting(options.settings, 'rateLimit') as RateLimit | null;
  const rateLimiter = rateLimit ? new RateLimiter(rateLimit) : undefined;
  const idempotency = new IdempotencyStore();
  const journal = new Journal({
    secrets: [
      ...Object.entries(options.credentials)
        .filter(([field]) => !(provider.publicCredentials ?? []).includes(field))
        .map(([, value]) => value),
      ...secretSettingValues(provider.settings, options.settings),
    ],
    sensitiveHeaders: provider.sensitiveHeaders,
    sensitiveFields: provider.sensitiveBodyFields ?? [],
    clock,
    capacity: options.journalCapacity,
  });
  const { credentials, settings } = options;
  const revokedKeys = new RevokedKeys(
    provider.keysInForce?.(credentials, settings) ?? Object.values(credentials),
  );
  const catalogue = reasonCatalogueOf(provider);
  /** Fields whose values in a successful answer are tokens the sandbox issued: redacted wherever they come back. */
  const issuedFields: ReadonlySet<string> = new Set(provider.sensitiveBodyFields ?? []);
  const commonHeaders = Object.entries(provider.commonResponseHeaders ?? {});
  const defaultPrincipal: Principal = {
    scheme: 'default',
    ...(provider.defaultPrincipal?.(credentials, settings) ?? { subject: 'default credentials', keys: [] }),
  };
  const outbox = new WebhookOutbox({ clock, timeoutMs: webhookTimeoutOf(options.settings) });
  const webhooks: WebhookSender = { send: (delivery) => void outbox.enqueue(delivery) };
  let state = provider.createState();

  const reasonCode = (reason: RuntimeReason) => runtimeReasonCode(provider.name, reason);
  const reject = (reason: RuntimeReason, message: string, errors?: unknown, status?: number) =>
    new SandboxRejection(status ?? RUNTIME_REASONS[reason].status, reasonCode(reason), message, errors);
  const deps: PipelineDeps<State> = {
    provider,
    router,
    validator,
    credentials,
    settings,
    state: () => state,
    isRevoked: (value) => revokedKeys.has(value),
    anyRevoked: () => revokedKeys.size > 0,
    reasonCode,
    reject,
  };

  const answerDeps: AnswerDeps<State> = { ...deps, idempotency, prism, handlerRequest };

  const sandbox: ProviderApp<State> = {
    app: handleRequest,
    provider,
    clock,
    journal,
    tally: new RequestTally(),
    faults,
    revokedKeys,
    webhooks: outbox,
    operationIds,
    basePaths: spec.basePaths,
    credentials,
    settings,
    defaultPrincipal,
    state: () => state,
    reset: () => {
      state = provider.createState();
      journal.clear();
      idempotency.clear();
      faults.clear();
      installConfiguredFaults();
      rateLimiter?.clear();
      revokedKeys.clear();
      // Before the clock moves back: a move would start attempts that clear() would then abort.
      outbox.clear();
      clock.useRealTime();
    },
    warmUp: () => validator.warmUp(),
    handle: async (
      operationId,
      { params = {}, body, principal = defaultPrincipal, headers = {}, idempotencyKey },
    ) => {
      const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
      const handler = provider.handlers[operationId];
      if (!operation || !handler) throw new Error(`no handler for operation "${operationId}"`);
      const basePath = operation.basePaths?.[0] ?? spec.basePaths[0] ?? '';
      const relativePath = operation.pathTemplate.replace(
        /\{([^}]+)\}/g,
        (_, name: string) => params[name] ?? '',
      );
      const run = async () =>
        handler(
          handlerRequest(
            operation,
            {
              method: operation.method,
              path: `${basePath}${relativePath}`,
              params,
              query: {},
              headers,
              body,
              principal,
            },
            { now: clock.now(), origin: '', basePath },
          ),
        );
      if (idempotencyKey === undefined) return run();
      return idempotentCall(
        idempotencyKey,
        requestFingerprint(operation.method, relativePath, Buffer.from(JSON.stringify(body) ?? '')),
        run,
      );
    },
  };

  // Express serves the control surface, and the provider requests whose URL only its parser reads alike.
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // One mount for the whole control surface.
  const controlSurface = Router();
  if (options.controlToken !== undefined) {
    controlSurface.use(requireControlToken(options.controlToken, reasonCode('CONTROL_UNAUTHORIZED')));
  }
  controlSurface.use(refuseMalformedControlPath(reasonCode('CONTROL_INVALID')));
  controlSurface.use('/webhooks', webhookRoutes(outbox));
  controlSurface.use('/keys', keyRoutes(revokedKeys, reasonCode('CONTROL_INVALID')));
  controlSurface.use(createControlRouter({ ...sandbox, peers: options.peers }));
  app.use('/__sandbox', controlSurface);
  app.use((req, res) => serveProviderRequest(req, res, req.path));
  const checkFraming = checkRequestFraming(provider);
  const perResponseHeaders = provider.perResponseHeaders;

  /**
   * Every request, the provider's and the control surface's: the headers every answer carries, the
   * answered-reason channel, the framing checks; then a provider request goes straight to the pipeline.
   * Express is kept off that path: its router, and the prototypes it swaps onto every request and response
   * (which make Node's own HTTP code slower for all of them), cost more CPU per request than the bare work
   * of a signed create-quote's pipeline (profiled, docs/performance.md).
   */
  function handleRequest(req: IncomingMessage, res: ServerResponse): void {
    try {
      if (perResponseHeaders) {
        for (const [name, value] of Object.entries(perResponseHeaders())) res.setHeader(name, value);
      }
      publishAnsweredReason(res, provider.name, catalogue);
      checkFraming(req, res, () => {
        const path = pipelinePath(req.url ?? '/');
        if (path === undefined) app(req, res);
        else serveProviderRequest(req, res, path);
      });
    } catch (error) {
      // What Express did for a throw in front of the pipeline, in the provider's shape: never a crash.
      reportInternalError(error);
      if (res.headersSent) return void res.destroy();
      const refusal = reject('INTERNAL_ERROR', 'Internal sandbox error.');
      writeResponse(
        res,
        rejectionResponse(provider, refusal, { operationId: undefined, accept: req.headers.accept }),
        commonHeaders,
      );
    }
  }

  /** A provider request, through the pipeline to its answer, then into the journal and the log. */
  function serveProviderRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
    const started = performance.now();
    const trace: Trace = { operation: null, reason: null, bodyText: undefined, checked: {} };
    const exchange: Exchange = {
      req,
      res,
      method: (req.method as string).toUpperCase(),
      path,
      query: parseQueryString(queryStringOf(req.url as string)) as Record<string, string | string[]>,
      trace,
      now: clock.now(),
    };
    // Logged and journaled once the answer is out, or known never to get out (a reset at shutdown).
    onResponseSettled(res, (delivered) =>
      record(exchange, Math.round((performance.now() - started) * 10) / 10, delivered),
    );
    handle(exchange).catch((error: unknown) => {
      if (error instanceof SandboxRejection) return sendRejection(exchange, error);
      reportInternalError(error);
      sendRejection(exchange, reject('INTERNAL_ERROR', 'Internal sandbox error.'));
    });
  }

  function reportInternalError(error: unknown): void {
    process.stderr.write(
      `partner-sandbox: ${provider.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`,
    );
  }

  /** The pipeline, step by step; each step throws a `SandboxRejection` to refuse. */
  async function handle(exchange: Exchange): Promise<void> {
    if (latency) await pause(drawLatency(latency, latencyRandom));
    route(exchange, deps);
    if (!(await readBody(exchange, deps))) return;
    checkBodyDepth(exchange, deps);
    refuseRevokedCredentials(exchange, deps);
    authenticateCaller(exchange, deps);
    limitRate(exchange);
    authorizeCaller(exchange, deps);
    parseBody(exchange, deps);
    refuseRevokedInBody(exchange, deps);
    validateRequest(exchange, deps);
    checkPreconditions(exchange, deps);
    // Only now, with the provider's auth passed: a request without a valid signature never gets its preference.
    const preferences = preferencesOf(exchange);
    // Nearly every request: no fault rule in force, no `Prefer`. Nothing can answer before the handler, so
    // none is asked (no per-request hook, no deps copied for it).
    if (faults.empty && preferences.fault === undefined && !wantsSpecAnswer(preferences))
      return send(exchange, await answer(exchange, answerDeps));
    let fault = undefined as FaultPlan | undefined;
    // Within the idempotency key's run, so a held or delayed request is in flight under its key.
    const beforeHandler = async (): Promise<HandlerResponse | undefined> => {
      fault = await injectFault(exchange, faults, preferences);
      // A fault never changes state: the handler does not run, unless the rule says the work is done first.
      if (fault?.answers && !fault.afterCommit) {
        if (fault.status !== undefined) return statusAnswer(fault);
        // Nothing of a dropped answer reaches the client: no need to compute one.
        return fault.connection === 'drop' ? { status: 200 } : preferredAnswer(exchange);
      }
      return wantsSpecAnswer(preferences) ? preferredAnswer(exchange) : undefined;
    };
    const response = await answer(exchange, { ...answerDeps, beforeHandler });
    if (!fault?.answers) return send(exchange, response);
    await deliver(
      exchange,
      fault.afterCommit && fault.status !== undefined ? statusAnswer(fault) : response,
      fault,
    );
  }

  function statusAnswer(fault: FaultPlan): HandlerResponse {
    return faultStatusResponse(
      { ...fault, status: fault.status as number },
      reasonCode('FAULT_INJECTED'),
      provider,
    );
  }

  /** The request's `Prefer` choices; an unusable one is refused (a typo must not pass for a healthy answer). */
  function preferencesOf(exchange: Exchange): Preferences {
    const parsed = parsePrefer(exchange.req.headers.prefer);
    if (!parsed.ok) throw reject('PREFER_INVALID', parsed.problem);
    if (Object.keys(parsed.value).length > 0) exchange.trace.checked.prefer = parsed.value;
    return parsed.value;
  }

  /** The spec's answer (Prism, honouring `Prefer`); an error status asked for carries its reason code. */
  async function preferredAnswer(exchange: Exchange): Promise<HandlerResponse> {
    let response: HandlerResponse;
    try {
      response = await specAnswer(exchange, { prism });
    } catch (error) {
      // Prism refuses a code or example the operation does not have.
      throw reject('PREFER_INVALID', `The spec has no such answer: ${(error as Error).message}`);
    }
    if (response.status < 400 || !exchange.trace.checked.prefer) return response;
    exchange.trace.reason = reasonCode('PREFERRED_STATUS');
    return { ...response, headers: { ...response.headers, 'X-Sandbox-Reason': exchange.trace.reason } };
  }

  /** The rate limit per credential (config `rateLimit`), on the sandbox clock, once the caller is known. */
  function limitRate(exchange: Exchange): void {
    const credential = exchange.principal?.keys[0];
    if (!rateLimiter || credential === undefined) return;
    const decision = rateLimiter.take(credential, exchange.now.getTime());
    exchange.trace.checked.rateLimit = { limit: decision.limit, remaining: decision.remaining };
    if (decision.allowed) return;
    const reason = reasonCode('RATE_LIMITED');
    const message = 'Rate limit exceeded.';
    const answer = provider.rateLimited?.(decision, { status: 429, reason, message });
    throw new SandboxRejection(
      429,
      reason,
      message,
      undefined,
      {
        ...answer?.headers,
        'Retry-After': String(decision.retryAfterSeconds),
      },
      answer?.body,
    );
  }

  /** An answer as a fault delivers it: with the fault's reason code, its connection broken as the fault says. */
  async function deliver(exchange: Exchange, response: HandlerResponse, fault: FaultPlan): Promise<void> {
    const reason = reasonCode('FAULT_INJECTED');
    exchange.trace.reason = reason;
    const answered = { ...response, headers: { ...response.headers, 'X-Sandbox-Reason': reason } };
    if (fault.connection === undefined) return send(exchange, answered);
    exchange.trace.brokenByFault = true;
    const text = prepareResponse(exchange.res, answered, commonHeaders) ?? '';
    const got = await deliverBroken(exchange.res, text, fault.connection, fault.trickleMs);
    exchange.trace.responseText = got === undefined ? undefined : journalBodyText(got);
  }

  /** A provider state's call under an idempotency key: stored as the HTTP pipeline stores a request's answer. */
  async function idempotentCall(
    key: string,
    fingerprint: string,
    run: () => Promise<HandlerResponse>,
  ): Promise<HandlerResponse> {
    const policy = provider.idempotency;
    if (!policy) throw new Error(`${provider.name} has no idempotency policy`);
    const retentionMs = policy.retentionSeconds(settings) * 1000;
    const outcome = await idempotency.runOnce(key, fingerprint, clock.now().getTime(), retentionMs, run);
    if (outcome.kind === 'in-flight')
      throw new Error(`a request with idempotency key ${key} is still running`);
    if (outcome.kind === 'key-reused')
      throw new Error(`idempotency key ${key} was already used for a different request`);
    return outcome.response;
  }

  /** What a handler sees, the same whether the call came over HTTP or from a provider state. */
  function handlerRequest(
    operation: SpecOperation,
    request: Pick<
      HandlerRequest<State>,
      'method' | 'path' | 'params' | 'query' | 'headers' | 'body' | 'principal'
    >,
    context: { now: Date; origin: string; basePath: string; fromSpec?: () => Promise<HandlerResponse> },
  ): HandlerRequest<State> {
    return {
      operationId: operation.operationId,
      ...request,
      state,
      credentials,
      settings,
      isRevoked: deps.isRevoked,
      now: context.now,
      origin: context.origin,
      basePath: context.basePath,
      fromSpec: context.fromSpec ?? (() => Promise.reject(new Error('no spec answer outside HTTP'))),
      webhooks,
    };
  }

  function sendRejection(exchange: Exchange, error: SandboxRejection): void {
    exchange.trace.reason = error.reason;
    if (exchange.res.headersSent) return;
    const accept = exchange.req.headers.accept;
    // A refusal may echo what the client sent (a path, a field): never a secret or a token it carried.
    const shown = new SandboxRejection(
      error.status,
      error.reason,
      journal.redact(error.message) as string,
      journal.redact(error.errors),
      error.headers,
    );
    send(
      exchange,
      rejectionResponse(provider, shown, { operationId: exchange.trace.operation?.operationId, accept }),
    );
  }

  function send(exchange: Exchange, response: HandlerResponse): void {
    if (issuedFields.size > 0 && response.status < 400) {
      for (const value of stringsAt(response.body, issuedFields)) journal.addIssued(value);
    }
    if (responseValidator) exchange.trace.responseBody = response.body;
    const id = journal.reserveId();
    exchange.trace.journalId = id;
    // A refusal (any answer with a reason) names the journal entry that explains it.
    if (exchange.trace.reason !== null || hasReasonHeader(response))
      exchange.res.setHeader('X-Sandbox-Journal', journalEntryUrl(exchange.req, id));
    const text = writeResponse(exchange.res, response, commonHeaders);
    exchange.trace.responseText = text === undefined ? undefined : journalBodyText(text);
  }

  function record(exchange: Exchange, durationMs: number, delivered: boolean): void {
    const { req, res, trace, path } = exchange;
    const method = req.method as string;
    if (trace.aborted) return;
    // A connection a fault broke is journaled all the same: the inspector shows what the client got.
    if (!delivered && !trace.brokenByFault) {
      // Reset before its answer was out (shutdown past the drain limit, a client gone): no status to claim.
      const line = {
        provider: provider.name,
        method,
        path,
        status: 'reset',
        durationMs,
      } as const;
      return options.log?.(formatRequestLine({ ...line, reason: trace.reason }));
    }
    if (responseValidator && trace.operation) {
      const contentType = res.getHeader('content-type');
      const violations = responseValidator.validate(
        trace.operation,
        res.statusCode,
        trace.responseBody,
        typeof contentType === 'string' ? contentType : undefined,
      );
      if (violations.length > 0) {
        options.onResponseViolation?.({
          operationId: trace.operation.operationId,
          status: res.statusCode,
          violations,
        });
      }
    }
    journal.record(
      {
        method,
        path,
        query: queryStringOf(req.url as string),
        operationId: trace.operation?.operationId ?? null,
        status: res.statusCode,
        reason: trace.reason,
        durationMs,
        headers: req.headers,
        bodyText: trace.bodyText,
        checked: trace.checked,
        responseHeaders: res.getHeaders(),
        responseBodyText: trace.responseText,
        nearMisses: trace.nearMisses,
      },
      trace.journalId,
    );
    sandbox.tally.record(method, journal.redact(path) as string, res.statusCode, trace.reason);
    options.log?.(
      formatRequestLine({
        provider: provider.name,
        method,
        path,
        status: res.statusCode,
        reason: trace.reason,
        durationMs,
      }),
    );
  }

  return sandbox;
}

/** The config's fault rules, checked against the spec now that it is read (a bad one stops the start). */
function configuredFaultsOf(
  name: string,
  settings: Settings,
  operationIds: ReadonlySet<string>,
  credentials: Credentials,
): FaultInput[] {
  try {
    const latency = runtimeSetting(settings, 'latency');
    if (latency !== null) parseLatency(latency);
    return parseFaultList(runtimeSetting(settings, 'faults'), operationIds, Object.keys(credentials));
  } catch (error) {
    if (error instanceof ControlRefusal) throw new ConfigError(`${name}: ${error.message}`);
    throw error;
  }
}

function hasReasonHeader(response: HandlerResponse): boolean {
  return Object.keys(response.headers ?? {}).some((name) => name.toLowerCase() === 'x-sandbox-reason');
}
