import type { IncomingHttpHeaders } from 'node:http';
import type { RateLimitDecision } from './rate-limit';
import type { ReasonCatalogue } from './reasons';
import type { StateNeeds } from './state/state-layout';
import type { DeliveryRequest } from './webhooks/delivery-request';
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
   * Every key `POST /__sandbox/keys/revoke` may revoke: the credential values in force, and those the
   * settings add (further accounts' keys). Default: the values of the credentials.
   */
  readonly keysInForce?: (credentials: Credentials, settings: Settings) => readonly string[];
  /**
   * Credentials that are identifiers, not secrets (a partner code, a merchant id): the journal shows them.
   * Every other credential value is redacted wherever it appears in the journal.
   */
  readonly publicCredentials?: readonly string[];
  /**
   * Settings that list further principals (team members, other partners or accounts, further signers):
   * `credentials` prints them beside the credentials, so a user finds every key in force in one place.
   */
  readonly principalSettings?: readonly string[];
  /**
   * Behaviour switches (clock-skew window, lists of further accounts, ...), each with its default, the JSON
   * Schema its value must follow (with ranges) and a description; the config file may replace them.
   */
  readonly settings: Readonly<Record<string, SettingDefinition>>;
  /** Refuses credentials that could reach the real provider (live keys): a one-line reason, or undefined. */
  readonly liveCredentialProblem?: (credentials: Credentials) => string | undefined;
  /** One handler per security scheme named in the spec's `components.securitySchemes`. */
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeHandler<State>>>;
  /**
   * Who provider states and `context.handle` act as when the caller names nobody: the principal the
   * default credentials authenticate as. Default: a principal with no account, partner or role.
   */
  readonly defaultPrincipal?: (credentials: Credentials, settings: Settings) => PrincipalClaims;
  /** Permissions and object ownership, checked after authentication and before validation. */
  readonly authorization?: AuthorizationPolicy<State>;
  /** `ETag` / `Last-Modified` of the objects that operations declaring `If-Match` / `If-Unmodified-Since` change. */
  readonly preconditions?: PreconditionPolicy<State>;
  /** Reason codes the provider's own code emits (auth, handlers), with meaning and fix for the docs. */
  readonly reasons: ReasonCatalogue;
  /** Renders the provider's own error body. */
  readonly errorBody: (error: ProviderErrorDetails) => unknown;
  /**
   * Renders a refusal as an HTML page instead, where a browser is the client (a hosted payment page): the
   * page, or undefined for the JSON `errorBody`. Sees the operation and what the client accepts.
   */
  readonly errorPage?: (error: ProviderErrorDetails, request: ErrorRequest) => string | undefined;
  /**
   * The body of an injected fault that brings none (`POST /__sandbox/faults` without `body`): what the
   * provider, or the gateway in front of it, sends with that status. Default: `errorBody`.
   */
  readonly faultBody?: (error: ProviderErrorDetails) => unknown;
  /**
   * The provider's 429 when the sandbox's rate limit (config `rateLimit`) refuses a request: the headers it
   * sends (`Retry-After` is always sent) and the body, when it is not `errorBody`'s. Default: `errorBody`.
   */
  readonly rateLimited?: (limit: RateLimitDecision, details: ProviderErrorDetails) => RateLimitAnswer;
  /** Turns spec violations into the provider's validation error (status and body details). */
  readonly validationError: (violations: readonly Violation[]) => ValidationErrorDetails;
  /** Idempotency-key semantics, for the operations whose spec declares `header` as a parameter. */
  readonly idempotency?: IdempotencyPolicy;
  /** Response headers the real provider sends on every response. */
  readonly commonResponseHeaders?: Readonly<Record<string, string>>;
  /**
   * Headers computed anew for each response (a unique request id), on every answer: errors, unparsable
   * requests and control answers included. The journal records them with the response.
   */
  readonly perResponseHeaders?: () => Readonly<Record<string, string>>;
  /** Request headers never written to the journal as they are (credentials, signatures). */
  readonly sensitiveHeaders: readonly string[];
  /**
   * JSON body fields (requests and responses, at any depth) whose string values the journal never shows:
   * the session tokens the provider issues and takes back in bodies. A value of one of them in a successful
   * answer (or a provider state's values) is registered as issued: from then on it is redacted wherever a
   * client puts it (another field, a header, the query, percent-encoded or in base64), until reset.
   */
  readonly sensitiveBodyFields?: readonly string[];
  /** Fresh in-memory state; called at start and on every reset. */
  readonly createState: () => State;
  /** Hand-written behaviour by operationId; operations without one are answered from the spec by Prism. */
  readonly handlers: Readonly<Record<string, OperationHandler<State>>>;
  /**
   * With the state in a shared store: what an operation reads beyond the entries its path parameters name
   * (maps it goes through whole, records), by operationId, loaded before it runs so that it runs once.
   */
  readonly statePrefetch?: Readonly<Record<string, Pick<StateNeeds, 'maps' | 'cells'>>>;
  /**
   * With the state in a shared store: the reads a request's checks before its handler make beyond the entries
   * its path names, for any operation (a bearer token's record by the token's digest, then the account it
   * names). Run once on no state, each read answering absent, to learn the first entries to load with the
   * path's; then on each load, again while it reads entries not loaded. It reads only, and does not throw on
   * absent entries.
   */
  readonly stateReads?: (request: StateReadsRequest, state: State) => void;
  /**
   * Named provider states (as Pact's `given`) that put the state into a known shape: a setup alone, or a setup
   * with the teardown that removes what it made (Pact's `"action": "teardown"`).
   */
  readonly providerStates?: Readonly<
    Record<string, ProviderStateHandler<State> | ProviderStateDefinition<State>>
  >;
  /**
   * How the provider's client authenticates a request (signs it, or logs in and sends a token): what
   * `partner-sandbox verify` uses to replay a contract against any server. Without it, `verify` refuses
   * the provider.
   */
  readonly clientAuth?: ClientAuth;
}

/** A rate-limit refusal as the provider words it. */
export interface RateLimitAnswer {
  readonly headers?: Readonly<Record<string, string>>;
  /** The body; undefined for the provider's `errorBody`. */
  readonly body?: unknown;
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

/** What an error renderer knows of the request it refuses. */
export interface ErrorRequest {
  /** The matched operation, or undefined when none matched (404, 405, unparsable requests). */
  readonly operationId: string | undefined;
  /** The request's `Accept` header. */
  readonly accept: string | undefined;
}

export interface ValidationErrorDetails {
  readonly status: number;
  readonly message: string;
  readonly errors: unknown;
}

/** What a security scheme handler sees: the request as received, before the body is parsed. */
export interface SecurityRequest {
  readonly method: string;
  /** The URL path as received (base path included, query excluded), a namespace's `/__ns/NAME` prefix taken off. */
  readonly path: string;
  /**
   * The URL path exactly as the client sent it, query excluded: `path` with a namespace's `/__ns/NAME` prefix, which
   * a client whose base URL carries the prefix signs. What a signature over the request target covers.
   */
  readonly targetPath: string;
  /** The query as received (repeated names give arrays). */
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The headers as sent: a header sent more than once (`Authorization` twice, which Node's own object hides)
   * is the list of its values, whatever its type says; a scheme refuses it as a malformed credential (the
   * extractors of `credentials/extract.ts` do).
   */
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** The operation the request matched, and its path parameters (decoded). */
  readonly operation: OperationRef;
  readonly params: Readonly<Record<string, string>>;
}

/** What `stateReads` sees of a request: what is known before its body is read. */
export type StateReadsRequest = Pick<SecurityRequest, 'query' | 'headers' | 'operation' | 'params'>;

/** An operation of the spec, as handlers and policies name it. */
export interface OperationRef {
  readonly operationId: string;
  readonly method: string;
  /** The path template as the spec writes it, relative to the base path. */
  readonly pathTemplate: string;
}

export interface SecurityContext<State = unknown> {
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly now: Date;
  /** The provider's state: a stateful scheme looks up the session tokens it issued. Read it; never change it. */
  readonly state: State;
  /** Whether a credential value was revoked through `POST /__sandbox/keys/revoke`. */
  readonly isRevoked: (value: string) => boolean;
}

/**
 * Who is calling, as a security scheme established it: which key or token, and what it belongs to. It
 * reaches every handler (`HandlerRequest.principal`), the authorization step and the journal (the journal
 * shows all of it but `keys`).
 */
export interface Principal extends PrincipalClaims {
  /** The security scheme that authenticated the request. */
  readonly scheme: string;
}

/** What a scheme handler says of the caller; the runtime adds the scheme. */
export interface PrincipalClaims {
  /** Names the key or token in words safe to show, never its value: "secret key", "partner token tok_…". */
  readonly subject: string;
  /**
   * The credential values the caller rests on (the key used, the API key a token was issued with).
   * Revoking any one of them refuses the caller from the next request on. Never journaled.
   */
  readonly keys: readonly string[];
  readonly account?: string;
  readonly partner?: string;
  /** `test` or `live`, where the provider keeps modes apart. */
  readonly mode?: string;
  readonly role?: string;
  /** What the caller may do; undefined means everything (no roles in play). */
  readonly permissions?: readonly string[];
}

export type SecurityOutcome =
  | {
      readonly ok: true;
      readonly checked: Readonly<Record<string, unknown>>;
      /** Who passed: absent for schemes that only check a request (a signature without a key id). */
      readonly principal?: PrincipalClaims;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly reason: string;
      readonly message: string;
      readonly checked: Readonly<Record<string, unknown>>;
      /**
       * The request carried no credential of this scheme at all. Among alternatives (`[A, B]`) that all
       * fail, the reason reported is that of a scheme whose credential was present.
       */
      readonly missing?: boolean;
    };

export type SecuritySchemeHandler<State = unknown> = (
  request: SecurityRequest,
  context: SecurityContext<State>,
) => SecurityOutcome;

/**
 * Authorization after authentication: a role without an operation's permission answers 403; an object
 * that belongs to another account answers 404 with the very body of an id that never existed, for
 * providers that hide existence.
 */
export interface AuthorizationPolicy<State> {
  /** The permission each operation needs, by operationId; operations not listed need none. */
  readonly permissions?: Readonly<Record<string, string>>;
  /**
   * The account owning the object a request names, when it names one that exists; undefined otherwise (the
   * handler then answers its own 404 for an unknown id).
   */
  readonly ownerOf?: (request: PolicyRequest<State>) => string | undefined;
  /** The refusal of an object that does not exist, as the provider words it (status 404). */
  readonly notFound: (request: PolicyRequest<State>) => { message: string; errors?: unknown };
}

/** What an authorization or precondition policy sees of a request. */
export interface PolicyRequest<State> {
  readonly operation: OperationRef;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: Principal | undefined;
  readonly state: State;
  /** The sandbox clock's time when the request arrived (objects that change with time have a version then). */
  readonly now: Date;
}

/** The version of an object, as `ETag` and `Last-Modified` carry it. */
export interface ObjectVersion {
  /** The entity tag, quoted as sent: `"3"`, `W/"abc"`. */
  readonly etag: string;
  readonly lastModified: Date;
}

/**
 * Conditional requests: an operation that declares `If-Match` or `If-Unmodified-Since` as header
 * parameters changes an object only when the client shows the version it read (412 when stale, 428 when
 * it shows none); successful answers of operations that declare an `ETag` response header carry the
 * object's version.
 */
export interface PreconditionPolicy<State> {
  /** The current version of the object the request names; undefined when it does not exist. */
  readonly versionOf: (request: PolicyRequest<State>) => ObjectVersion | undefined;
}

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
  /**
   * The exact bytes of a body the spec takes as bytes (a file upload: a binary string schema), within the
   * body limit; undefined for JSON and form bodies, which `body` holds parsed.
   */
  readonly rawBody: Buffer | undefined;
  readonly state: State;
  /** Who is calling; undefined for operations that need no auth. */
  readonly principal: Principal | undefined;
  readonly credentials: Credentials;
  readonly settings: Settings;
  /**
   * Whether a credential value was revoked through `POST /__sandbox/keys/revoke`. The runtime already refused
   * a revoked key the request carries (header, query, path, body); this is for what was issued with a key and
   * only the handler can trace back to it (a refresh token, a one-time session id).
   */
  readonly isRevoked: (value: string) => boolean;
  /** The sandbox clock's time when the request arrived. */
  readonly now: Date;
  /**
   * Scheme, host and port the client used, e.g. http://127.0.0.1:4014, then a named namespace's `/__ns/NAME` prefix
   * (http://127.0.0.1:4014/__ns/ci-42): links built on it lead back into the same namespace.
   */
  readonly origin: string;
  /** The server base path the request came in under, e.g. /x. */
  readonly basePath: string;
  /** The answer the spec's examples give for this request (through Prism). */
  readonly fromSpec: () => Promise<HandlerResponse>;
  /** Outbound notifications: queued here, delivered in the background on the sandbox clock. */
  readonly webhooks: WebhookSender;
}

/** A handler's view of the outbox (`mocks/runtime/webhooks/`): a delivery is queued, never awaited. */
export interface WebhookSender {
  send(delivery: DeliveryRequest): void;
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
  /** Who the state is set up for: the provider's default principal. */
  readonly principal: Principal;
  readonly credentials: Credentials;
  readonly settings: Settings;
  readonly now: Date;
  /** Runs one of the provider's handlers as a request would reach it, outside HTTP (no auth, no validation). */
  readonly handle: (operationId: string, request: HandlerCall) => Promise<HandlerResponse>;
  /**
   * What the same state with the same params answered when last set up in this namespace since the last reset
   * (and not torn down since): a state whose contract fixes an id replaces the object it made then.
   */
  readonly previous?: Readonly<Record<string, unknown>>;
}

export interface HandlerCall {
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Who calls; default: the provider's default principal. */
  readonly principal?: Principal;
  /** Request headers the handler reads (a negotiated media type); default none. */
  readonly headers?: IncomingHttpHeaders;
  /**
   * Runs the call under this idempotency key, as a request carrying it would: its answer is kept, so that
   * a later request with the key, the operation's method and path and the body as `JSON.stringify` writes
   * it is answered as a replay (a provider state "a request was made with key K").
   */
  readonly idempotencyKey?: string;
}

/** Sets up a named state; returns values the caller may need (ids), as Pact provider states do. */
export type ProviderStateHandler<State> = (
  params: Readonly<Record<string, unknown>>,
  context: ProviderStateContext<State>,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

/**
 * Removes what a setup made: `made` is what that setup answered (the ids it created), `params` what it was given.
 * Something already gone (evicted, deleted by a request) is no error.
 */
export type ProviderStateTeardown<State> = (
  made: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
  context: ProviderStateContext<State>,
) => Promise<void> | void;

/** A provider state that makes something: its setup and the teardown that removes it. */
export interface ProviderStateDefinition<State> {
  readonly setup: ProviderStateHandler<State>;
  readonly teardown: ProviderStateTeardown<State>;
}

/** A request as a client is about to send it, for `ProviderDefinition.clientAuth` to authenticate. */
export interface ClientRequest {
  readonly method: string;
  /** The absolute URL, query included. */
  readonly url: string;
  /** The URL's path as sent (base path included, query excluded, percent-encoded as on the wire). */
  readonly path: string;
  /** The request's own headers (content type, idempotency key, ...), names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes that will be sent; undefined for a request without a body. */
  readonly body: Buffer | undefined;
}

export interface ClientAuthContext {
  /** The credentials to authenticate with: the defaults, the config file's, or the environment's. */
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The time to sign with. */
  readonly now: Date;
  /** The base URL the requests go to, as given to `verify` (where a session-token provider logs in). */
  readonly baseUrl: string;
  /** Kept for one run of `verify`: a token obtained by logging in is stored here and reused. */
  readonly session: Map<string, unknown>;
}

/**
 * The headers that authenticate `request` (`Authorization`, `Date`, an API key...), names in lower case;
 * they are set over the request's own headers. Never logged.
 */
export type ClientAuth = (
  request: ClientRequest,
  context: ClientAuthContext,
) => Promise<Record<string, string>>;

/** A provider of any state type, for lists that mix providers (the registry, the server). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProviderDefinition = ProviderDefinition<any>;
