import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parse as parseQueryString } from 'node:querystring';
import express, { Router, type Request, type Response } from 'express';
import type { SandboxClock } from './clock';
import { refuseMalformedControlPath, requireControlToken } from './control-access';
import { createControlRouter } from './control';
import { ControlRefusal, parseFaultList, parseLatency } from './control-inputs';
import { ConfigError } from './config';
import type { FaultInput, FaultSet, FaultSource } from './faults';
import type { SandboxPeers } from './inspector/peers';
import { requestFingerprint, type IdempotencyRunner } from './idempotency';
import { journalBodyText, type Journal, type RecordedRequest } from './journal';
import { journalEntryUrl } from './journal-url';
import { keyRoutes } from './keys-control';
import { createMemoryNamespace, type NamespaceBlueprint, type NamespaceContext } from './namespace-context';
import { NamespaceRegistry } from './namespace-registry';
import {
  isNamespaceName,
  namespacePathPrefix,
  selectNamespace,
  type NamespaceSelection,
} from './namespace-selection';
import { assertPluggable } from './pluggable';
import { drawLatency, pause, type Latency } from './latency';
import { answer, specAnswer, type AnswerDeps, type HandlerRequestOf } from './pipeline/answer';
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
import type { RateLimit } from './rate-limit';
import type { RevokedKeys } from './revoked-keys';
import { runtimeSetting } from './runtime-settings';
import { SharedState, type RequestRun } from './shared-state';
import type { StateStore } from './state/store';
import { RequestTally } from './tally';
import { SpecRouter } from './router';
import { webhookRoutes } from './webhooks/control-routes';
import type { WebhookOutbox } from './webhooks/outbox';
import { stringsAt } from './redaction';
import { webhookTimeoutOf } from './common-settings';
import { secretSettingValues, validateSettings } from './settings-schema';
import { loadSpec } from './spec';
import { RequestValidator } from './validation/request-validator';
import { ResponseValidator } from './validation/response-validator';
import type { Violation } from './validation/violations';

export interface ProviderAppOptions {
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The default namespace's clock (default: a new one); each named namespace has its own. */
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
  /**
   * Keeps the provider's state in this store (each namespace in a store namespace of its own) instead of in
   * memory: what several processes sharing one Redis answer as one from (docs/scale.md). The caller closes it.
   * The control state is there too: the clock, revocations, faults, idempotency keys, the journal and webhook
   * deliveries, written through the control surface and read by each request's begin step. `clock`, `faults`,
   * `revokedKeys`, `journal` and `webhooks` below are then this process's own view: move them through the
   * control surface, which every process follows.
   */
  readonly stateStore?: StateStore;
}

export interface ResponseViolation {
  readonly operationId: string;
  readonly status: number;
  readonly violations: readonly Violation[];
}

/**
 * One provider's running mock: its request listener and the pieces tests and the control surface reach. The
 * clock, journal, faults, revocations, webhooks, state, reset and handle here are the default namespace's;
 * `namespace` reaches a named one.
 */
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
  /** The current in-memory state (replaced on reset); with a `stateStore`, only `readState` reads it. */
  state(): State;
  /** Reads a namespace's state (undefined: the default one), in memory or in the store alike. */
  readState<T>(read: (state: State) => T, namespace?: string): Promise<T>;
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
  /**
   * A named namespace (`X-Sandbox-Namespace: NAME` or `/__ns/NAME/`), created as a request naming it would create it
   * (counting as its latest use); the name must be valid (`isNamespaceName`).
   */
  namespace(name: string): NamespaceContext<State>;
  /** The named namespaces held now, least recently used first. */
  namespaceNames(): string[];
  /** A namespace by name (undefined: the default one) if it is held, without creating it or counting a use. */
  inspect(namespace: string | undefined): NamespaceContext<State> | undefined;
  /** Shutdown: stops every namespace's webhook deliveries. */
  close(): void;
}

/** A namespace, with what the pipeline derives from it once, when it is created. */
interface Namespace<State> {
  readonly context: NamespaceContext<State>;
  readonly deps: PipelineDeps<State>;
  /** What the pipeline's answer step needs, built once with the namespace. */
  readonly answerDeps: AnswerDeps<State>;
  readonly handlerRequest: HandlerRequestOf<State>;
  /** The faults the pipeline takes from: the context's own, or the store's. */
  readonly faults: FaultSource;
  reset(): void;
  close(): void;
}

/**
 * What the first layer learnt of a request's namespace: nothing for the default namespace, the selection until a
 * step needs the namespace, then the namespace itself.
 */
const NAMESPACE = Symbol('namespace');
/**
 * A request tagged with its namespace; `originalUrl` keeps the URL as sent when the `/__ns/NAME` prefix is taken
 * off (Express's own name for it, which its router then keeps as it is).
 */
type NamespacedRequest<State> = IncomingMessage & {
  [NAMESPACE]?: NamespaceSelection | Namespace<State>;
  originalUrl?: string;
};

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
  const operationIds = new Set(spec.operations.map((operation) => operation.operationId));
  const { credentials, settings } = options;
  const blueprint: NamespaceBlueprint<State> = {
    createState: () => provider.createState(),
    journal: {
      secrets: [
        ...Object.entries(credentials)
          .filter(([field]) => !(provider.publicCredentials ?? []).includes(field))
          .map(([, value]) => value),
        ...secretSettingValues(provider.settings, settings),
      ],
      sensitiveHeaders: provider.sensitiveHeaders,
      sensitiveFields: provider.sensitiveBodyFields ?? [],
      ...(options.journalCapacity === undefined ? {} : { capacity: options.journalCapacity }),
    },
    credentials,
    keysInForce: provider.keysInForce?.(credentials, settings) ?? Object.values(credentials),
    configuredFaults: configuredFaultsOf(provider.name, settings, operationIds, credentials),
    rateLimit: runtimeSetting(settings, 'rateLimit') as RateLimit | null,
    latencySeed: Number(runtimeSetting(settings, 'latencySeed')),
    webhookTimeoutMs: webhookTimeoutOf(settings),
  };
  const latency = runtimeSetting(settings, 'latency') as Latency | null;
  const catalogue = reasonCatalogueOf(provider);
  /** Fields whose values in a successful answer are tokens the sandbox issued: redacted wherever they come back. */
  const issuedFields: ReadonlySet<string> = new Set(provider.sensitiveBodyFields ?? []);
  const commonHeaders = Object.entries(provider.commonResponseHeaders ?? {});
  const defaultPrincipal: Principal = {
    scheme: 'default',
    ...(provider.defaultPrincipal?.(credentials, settings) ?? { subject: 'default credentials', keys: [] }),
  };

  // Chosen once: with a store, the state work of every request runs through it; without, nothing here changes.
  const shared = options.stateStore ? new SharedState(provider, options.stateStore) : undefined;

  const reasonCode = (reason: RuntimeReason) => runtimeReasonCode(provider.name, reason);
  const reject = (reason: RuntimeReason, message: string, errors?: unknown, status?: number) =>
    new SandboxRejection(status ?? RUNTIME_REASONS[reason].status, reasonCode(reason), message, errors);

  /** A namespace's context, and the pipeline's view of it. */
  function createNamespace(name: string | undefined, clock?: SandboxClock): Namespace<State> {
    const inMemory = createMemoryNamespace(name, blueprint, clock);
    const context = shared ? shared.namespaceContext(inMemory, blueprint) : inMemory;
    // Chosen once: the store's faults and idempotency keys when the namespace is shared.
    const faults: FaultSource = context.shared?.faults ?? context.faults;
    const idempotency: IdempotencyRunner = context.shared?.idempotency ?? context.idempotency;
    const { revokedKeys } = context;
    const isRevoked = (value: string) => revokedKeys.has(value);
    const webhooks: WebhookSender = { send: (delivery) => void context.webhooks.enqueue(delivery) };
    // Links a handler builds on its origin lead back into the namespace (a browser sent to them sends no header).
    const prefix = name === undefined ? '' : namespacePathPrefix(name);
    const deps: PipelineDeps<State> = {
      provider,
      router,
      validator,
      credentials,
      settings,
      // With a store, a request's state is its run's view, which the exchange carries.
      state: shared ? (exchange) => shared.stateOf(exchange) : () => context.state(),
      isRevoked,
      anyRevoked: () => revokedKeys.size > 0,
      reasonCode,
      reject,
    };
    /** What a handler sees, the same whether the call came over HTTP or from a provider state. */
    const handlerRequest: HandlerRequestOf<State> = (
      operation,
      request,
      { now, origin, basePath, fromSpec, state },
    ) => ({
      operationId: operation.operationId,
      ...request,
      state,
      credentials,
      settings,
      isRevoked,
      now,
      origin: prefix === '' || origin === '' ? origin : `${origin}${prefix}`,
      basePath,
      fromSpec: fromSpec ?? (() => Promise.reject(new Error('no spec answer outside HTTP'))),
      webhooks,
    });
    return {
      context,
      deps,
      answerDeps: {
        ...deps,
        idempotency,
        prism,
        handlerRequest,
        ...(shared && { callHandler: shared.callHandler }),
      },
      faults,
      handlerRequest,
      reset: () => context.reset(),
      close: () => context.close(),
    };
  }
  const namespaces = new NamespaceRegistry(
    createNamespace(undefined, options.clock),
    (name) => createNamespace(name),
    Number(runtimeSetting(settings, 'maxNamespaces')),
  );
  const defaultNamespace = namespaces.defaultNamespace;
  const defaults = defaultNamespace.context;

  /** The namespace a request addresses: the default one when it names none, or names one the first layer refused. */
  function namespaceOf(req: IncomingMessage): Namespace<State> {
    const tagged = req as NamespacedRequest<State>;
    const known = tagged[NAMESPACE];
    if (known === undefined) return defaultNamespace;
    if ('context' in known) return known;
    if (known.kind === 'invalid') return defaultNamespace;
    return (tagged[NAMESPACE] = namespaces.use(known.name));
  }

  const sandbox: ProviderApp<State> = {
    app: handleRequest,
    provider,
    clock: defaults.clock,
    journal: defaults.journal,
    tally: new RequestTally(),
    faults: defaults.faults,
    revokedKeys: defaults.revokedKeys,
    webhooks: defaults.webhooks,
    operationIds,
    basePaths: spec.basePaths,
    credentials,
    settings,
    defaultPrincipal,
    state: () => defaults.state(),
    readState: (read, name) => {
      const context = name === undefined ? defaults : sandbox.namespace(name);
      return shared ? shared.read(context, read) : Promise.resolve(read(context.state()));
    },
    reset: () => defaults.reset(),
    warmUp: () => validator.warmUp(),
    handle: (operationId, call) => handleIn(defaultNamespace, operationId, call),
    namespace: (name) => {
      if (!isNamespaceName(name)) throw new RangeError(`not a namespace name: ${JSON.stringify(name)}`);
      return namespaces.use(name).context;
    },
    namespaceNames: () => namespaces.names(),
    inspect: (name) => (name === undefined ? defaults : namespaces.peek(name)?.context),
    close: () => namespaces.close(),
  };

  /**
   * Runs a handler outside HTTP in a namespace, as provider states do. With a store, in `run` when the call
   * comes from a provider state's run, else in a run of its own.
   */
  async function handleIn(
    namespace: Namespace<State>,
    operationId: string,
    { params = {}, body, principal = defaultPrincipal, headers = {}, idempotencyKey }: HandlerCall,
    run?: RequestRun<State>,
  ): Promise<HandlerResponse> {
    const operation = spec.operations.find((candidate) => candidate.operationId === operationId);
    const handler = provider.handlers[operationId];
    if (!operation || !handler) throw new Error(`no handler for operation "${operationId}"`);
    const basePath = operation.basePaths?.[0] ?? spec.basePaths[0] ?? '';
    const relativePath = operation.pathTemplate.replace(
      /\{([^}]+)\}/g,
      (_, name: string) => params[name] ?? '',
    );
    const request = (state: State) =>
      namespace.handlerRequest(
        operation,
        {
          method: operation.method,
          path: `${basePath}${relativePath}`,
          params,
          query: {},
          headers,
          body,
          rawBody: undefined,
          principal,
        },
        { now: namespace.context.clock.now(), origin: '', basePath, state },
      );
    const answered = (call: () => Promise<HandlerResponse>) =>
      idempotencyKey === undefined
        ? call()
        : idempotentCall(
            namespace,
            idempotencyKey,
            requestFingerprint(operation.method, relativePath, Buffer.from(JSON.stringify(body) ?? '')),
            call,
          );
    if (!shared) return answered(async () => handler(request(namespace.context.state())));
    const answeredIn = (inRun: RequestRun<State>) =>
      answered(() => shared.callIn(inRun, handler, request(shared.viewOf(inRun))));
    return run
      ? answeredIn(run)
      : shared.within(namespace.context, shared.prefetchOf(operation, params), answeredIn);
  }

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
  controlSurface.use(refuseInvalidNamespace);
  const contextOf = (req: Request) => namespaceOf(req).context;
  if (shared) {
    // A reset this process took is applied to the store before any later control request of the namespace, so
    // a clock set, a fault or a revocation made right after it is never wiped by it.
    controlSurface.use((req, res, next) => {
      shared.resetApplied(contextOf(req)).then(
        () => next(),
        () =>
          res
            .status(503)
            .set('X-Sandbox-Reason', reasonCode('STATE_UNAVAILABLE'))
            .json({ error: 'the sandbox state store is unavailable; retry' }),
      );
    });
  }
  controlSurface.use(
    '/webhooks',
    webhookRoutes((req) => {
      const { webhooks, shared } = contextOf(req);
      return shared?.webhooks ?? webhooks;
    }, reasonCode('STATE_UNAVAILABLE')),
  );
  controlSurface.use(
    '/keys',
    keyRoutes(
      (req, key) => {
        const { revokedKeys, shared } = contextOf(req);
        return shared ? shared.revoke(key) : revokedKeys.revoke(key);
      },
      reasonCode('CONTROL_INVALID'),
      reasonCode('STATE_UNAVAILABLE'),
    ),
  );
  controlSurface.use(
    createControlRouter<State>({
      provider,
      operationIds,
      defaultPrincipal,
      credentials,
      settings,
      peers: options.peers,
      namespaceOf: contextOf,
      inspect: sandbox.inspect,
      handle: (req, operationId, call) => handleIn(namespaceOf(req), operationId, call),
      ...(shared && {
        withState: (req, work) =>
          shared.commitWithin(contextOf(req), (run) =>
            work({
              state: shared.viewOf(run),
              handle: (operationId, call) => handleIn(namespaceOf(req), operationId, call, run),
            }),
          ),
        resetApplied: (req) => shared.resetApplied(contextOf(req)),
      }),
    }),
  );
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
      // The namespace, by header or path prefix (taken off the URL before routing); found when a step needs it.
      const selection = selectNamespace(req);
      if (selection !== undefined) {
        const tagged = req as NamespacedRequest<State>;
        tagged.originalUrl = req.url;
        tagged[NAMESPACE] = selection;
        req.url = selection.url;
      }
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
    const namespace = namespaceOf(req);
    const trace: Trace = { operation: null, reason: null, bodyText: undefined, checked: {} };
    const exchange: Exchange = {
      req,
      res,
      method: (req.method as string).toUpperCase(),
      path,
      query: parseQueryString(queryStringOf(req.url as string)) as Record<string, string | string[]>,
      trace,
      now: namespace.context.clock.now(),
    };
    // Logged and journaled once the answer is out, or known never to get out (a reset at shutdown).
    onResponseSettled(res, (delivered) =>
      record(namespace, exchange, Math.round((performance.now() - started) * 10) / 10, delivered),
    );
    pipeline(exchange, namespace).catch((error: unknown) => {
      if (error instanceof SandboxRejection) return sendRejection(exchange, namespace, error);
      reportInternalError(error);
      sendRejection(exchange, namespace, reject('INTERNAL_ERROR', 'Internal sandbox error.'));
    });
  }

  function reportInternalError(error: unknown): void {
    process.stderr.write(
      `partner-sandbox: ${provider.name}: internal error: ${(error as Error)?.stack ?? String(error)}\n`,
    );
  }

  /** A control request naming a namespace wrongly: refused as the control surface refuses (JSON `error`). */
  function refuseInvalidNamespace(req: Request, res: Response, next: () => void): void {
    const known = (req as NamespacedRequest<State>)[NAMESPACE];
    if (known === undefined || 'context' in known || known.kind !== 'invalid') return next();
    res.status(400).set('X-Sandbox-Reason', reasonCode(known.reason)).json({ error: known.message });
  }

  const pipeline = shared ? shared.pipeline(handle) : handle;

  /** The pipeline, step by step; each step throws a `SandboxRejection` to refuse. */
  async function handle(exchange: Exchange, namespace: Namespace<State>): Promise<void> {
    const { deps, context } = namespace;
    const known = (exchange.req as NamespacedRequest<State>)[NAMESPACE];
    if (known !== undefined && 'kind' in known && known.kind === 'invalid')
      throw reject(known.reason, known.message);
    if (latency) await pause(drawLatency(latency, context.latencyRandom));
    route(exchange, deps);
    if (!(await readBody(exchange, deps))) return;
    checkBodyDepth(exchange, deps);
    refuseRevokedCredentials(exchange, deps);
    authenticateCaller(exchange, deps);
    limitRate(exchange, context);
    authorizeCaller(exchange, deps);
    parseBody(exchange, deps);
    refuseRevokedInBody(exchange, deps);
    validateRequest(exchange, deps);
    checkPreconditions(exchange, deps);
    // Only now, with the provider's auth passed: a request without a valid signature never gets its preference.
    const preferences = preferencesOf(exchange);
    // Nearly every request: no fault rule in force, no `Prefer`. Nothing can answer before the handler, so
    // none is asked (no per-request hook, no deps copied for it).
    if (namespace.faults.empty && preferences.fault === undefined && !wantsSpecAnswer(preferences))
      return send(exchange, namespace, await answer(exchange, namespace.answerDeps));
    let fault = undefined as FaultPlan | undefined;
    // Within the idempotency key's run, so a held or delayed request is in flight under its key.
    const beforeHandler = async (): Promise<HandlerResponse | undefined> => {
      fault = await injectFault(exchange, namespace.faults, preferences);
      // A fault never changes state: the handler does not run, unless the rule says the work is done first.
      if (fault?.answers && !fault.afterCommit) {
        if (fault.status !== undefined) return statusAnswer(fault);
        // Nothing of a dropped answer reaches the client: no need to compute one.
        return fault.connection === 'drop' ? { status: 200 } : preferredAnswer(exchange);
      }
      return wantsSpecAnswer(preferences) ? preferredAnswer(exchange) : undefined;
    };
    const response = await answer(exchange, { ...namespace.answerDeps, beforeHandler });
    if (!fault?.answers) return send(exchange, namespace, response);
    await deliver(
      exchange,
      namespace,
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
  function limitRate(exchange: Exchange, { rateLimiter }: NamespaceContext<State>): void {
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
  async function deliver(
    exchange: Exchange,
    namespace: Namespace<State>,
    response: HandlerResponse,
    fault: FaultPlan,
  ): Promise<void> {
    const reason = reasonCode('FAULT_INJECTED');
    exchange.trace.reason = reason;
    const answered = { ...response, headers: { ...response.headers, 'X-Sandbox-Reason': reason } };
    if (fault.connection === undefined) return send(exchange, namespace, answered);
    exchange.trace.brokenByFault = true;
    const text = prepareResponse(exchange.res, answered, commonHeaders) ?? '';
    const got = await deliverBroken(exchange.res, text, fault.connection, fault.trickleMs);
    exchange.trace.responseText = got === undefined ? undefined : journalBodyText(got);
  }

  /** A provider state's call under an idempotency key: stored as the HTTP pipeline stores a request's answer. */
  async function idempotentCall(
    { answerDeps: { idempotency }, context: { clock } }: Namespace<State>,
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

  function sendRejection(exchange: Exchange, namespace: Namespace<State>, error: SandboxRejection): void {
    exchange.trace.reason = error.reason;
    if (exchange.res.headersSent) return;
    const { journal } = namespace.context;
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
      namespace,
      rejectionResponse(provider, shown, { operationId: exchange.trace.operation?.operationId, accept }),
    );
  }

  function send(exchange: Exchange, namespace: Namespace<State>, response: HandlerResponse): void {
    const { journal, name } = namespace.context;
    if (issuedFields.size > 0 && response.status < 400) {
      for (const value of stringsAt(response.body, issuedFields)) journal.addIssued(value);
    }
    if (responseValidator) exchange.trace.responseBody = response.body;
    const id = journal.reserveId();
    exchange.trace.journalId = id;
    // A refusal (any answer with a reason) names the journal entry that explains it.
    if (exchange.trace.reason !== null || hasReasonHeader(response))
      exchange.res.setHeader(
        'X-Sandbox-Journal',
        journalEntryUrl(exchange.req, exchange.trace.sharedJournalId ?? id, name),
      );
    const text = writeResponse(exchange.res, response, commonHeaders);
    exchange.trace.responseText = text === undefined ? undefined : journalBodyText(text);
  }

  function record(
    { context }: Namespace<State>,
    exchange: Exchange,
    durationMs: number,
    delivered: boolean,
  ): void {
    const { journal } = context;
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
    const recorded: RecordedRequest = {
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
    };
    journal.record(recorded, trace.journalId);
    if (shared) recordShared(context, recorded, exchange);
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

/** A request's entry in the shared store's journal, under the id its answer named, once the answer is out. */
function recordShared(
  { shared }: NamespaceContext<unknown>,
  recorded: RecordedRequest,
  { now, trace }: Exchange,
): void {
  shared?.recordJournal(recorded, now, trace.sharedJournalId);
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
