import type { IncomingHttpHeaders } from 'node:http';
import type { ReasonCatalogue } from './reasons';
import type { Violation } from './validation/violations';

/**
 * The one interface a provider implements to plug into the sandbox. The runtime owns HTTP, routing,
 * validation against the spec, the clock, the journal, idempotency and the control surface; a provider
 * brings its spec, the handler of each security scheme the spec names, its error shape, its handlers and
 * its default credentials. Nothing in the runtime knows a provider by name.
 */
export interface ProviderDefinition<State = unknown> {
  /** Lower-case name; also the prefix (upper-cased) of every reason code the provider's server emits. */
  readonly name: string;
  /** Absolute path of the provider's OpenAPI 3.1 document. */
  readonly specPath: string;
  /** Built-in test credentials; every field is a string and may be replaced by the config file. */
  readonly defaultCredentials: Readonly<Record<string, string>>;
  /**
   * Behaviour switches (clock-skew window, lists of further accounts, ...), each with its default, the JSON
   * Schema its value must follow (with ranges) and a description; the config file may replace them.
   */
  readonly settings: Readonly<Record<string, SettingDefinition>>;
  /** Refuses credentials that could reach the real provider (live keys): a one-line reason, or undefined. */
  readonly liveCredentialProblem?: (credentials: Credentials) => string | undefined;
  /** One handler per security scheme named in the spec's `components.securitySchemes`. */
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeHandler>>;
  /** Reason codes the provider's own code emits (auth, handlers), with meaning and fix for the docs. */
  readonly reasons: ReasonCatalogue;
  /** Renders the provider's own error body. */
  readonly errorBody: (error: ProviderErrorDetails) => unknown;
  /**
   * The body of an injected fault that brings none (`POST /__sandbox/faults` without `body`): what the
   * provider, or the gateway in front of it, sends with that status. Default: `errorBody`.
   */
  readonly faultBody?: (error: ProviderErrorDetails) => unknown;
  /** Turns spec violations into the provider's validation error (status and body details). */
  readonly validationError: (violations: readonly Violation[]) => ValidationErrorDetails;
  /** Idempotency-key semantics, for the operations whose spec declares `header` as a parameter. */
  readonly idempotency?: IdempotencyPolicy;
  /** Response headers the real provider sends on every response. */
  readonly commonResponseHeaders?: Readonly<Record<string, string>>;
  /** Request headers never written to the journal as they are (credentials, signatures). */
  readonly sensitiveHeaders: readonly string[];
  /** Fresh in-memory state; called at start and on every reset. */
  readonly createState: () => State;
  /** Hand-written behaviour by operationId; operations without one are answered from the spec by Prism. */
  readonly handlers: Readonly<Record<string, OperationHandler<State>>>;
  /** Named provider states (as Pact's `given`) that put the state into a known shape. */
  readonly providerStates?: Readonly<Record<string, ProviderStateHandler<State>>>;
}

/** Any JSON value: settings may be lists and objects too (further keys, members with roles, ...). */
export type SettingValue =
  string | number | boolean | null | readonly SettingValue[] | { readonly [field: string]: SettingValue };

export interface SettingDefinition {
  readonly default: SettingValue;
  /** A JSON Schema (draft 2020-12, as Ajv reads it) giving every number a range and every list a length. */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly description: string;
}

export type Credentials = Readonly<Record<string, string>>;
export type Settings = Readonly<Record<string, SettingValue>>;

/** The settings a provider runs with when nothing is configured. */
export function defaultSettingsOf(provider: Pick<ProviderDefinition, 'settings'>): Settings {
  return Object.fromEntries(
    Object.entries(provider.settings).map(([name, setting]) => [name, setting.default]),
  );
}

export interface ProviderErrorDetails {
  readonly status: number;
  readonly reason: string;
  readonly message: string;
  /** Provider-specific detail: field errors, a list of messages, ... */
  readonly errors?: unknown;
}

export interface ValidationErrorDetails {
  readonly status: number;
  readonly message: string;
  readonly errors: unknown;
}

/** What a security scheme handler sees: the request as received, before the body is parsed. */
export interface SecurityRequest {
  readonly method: string;
  /** The URL path as received (base path included, query excluded). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

export interface SecurityContext {
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly now: Date;
}

export type SecurityOutcome =
  | { readonly ok: true; readonly checked: Readonly<Record<string, unknown>> }
  | {
      readonly ok: false;
      readonly status: number;
      readonly reason: string;
      readonly message: string;
      readonly checked: Readonly<Record<string, unknown>>;
    };

export type SecuritySchemeHandler = (request: SecurityRequest, context: SecurityContext) => SecurityOutcome;

export interface IdempotencyPolicy {
  /** Lower-case request header carrying the key. */
  readonly header: string;
  /** How long a completed response is kept, in seconds of sandbox time. */
  readonly retentionSeconds: (settings: Settings) => number;
  /** Status of a replayed stored response. */
  readonly replayStatus: number;
  /** Status while the first request with the same key is still being processed. */
  readonly inFlightStatus: number;
  /** Status when the key was used before with a different request. */
  readonly mismatchStatus: number;
}

export interface HandlerRequest<State> {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** The parsed query, valid against the spec, numbers and booleans coerced. */
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, already valid against the operation's request schema. */
  readonly body: unknown;
  readonly state: State;
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The sandbox clock's time when the request arrived. */
  readonly now: Date;
  /** Scheme, host and port the client used, e.g. http://127.0.0.1:4014. */
  readonly origin: string;
  /** The server base path the request came in under, e.g. /x. */
  readonly basePath: string;
  /** The answer the spec's examples give for this request (through Prism). */
  readonly fromSpec: () => Promise<HandlerResponse>;
}

export interface HandlerResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type OperationHandler<State> = (
  request: HandlerRequest<State>,
) => HandlerResponse | Promise<HandlerResponse>;

export interface ProviderStateContext<State> {
  readonly state: State;
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly now: Date;
  /** Runs one of the provider's handlers as a request would reach it, outside HTTP (no auth, no validation). */
  readonly handle: (operationId: string, request: HandlerCall) => Promise<HandlerResponse>;
}

export interface HandlerCall {
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Sets up a named state; returns values the caller may need (ids), as Pact provider states do. */
export type ProviderStateHandler<State> = (
  params: Readonly<Record<string, unknown>>,
  context: ProviderStateContext<State>,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

/** A provider of any state type, for lists that mix providers (the registry, the server). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProviderDefinition = ProviderDefinition<any>;
