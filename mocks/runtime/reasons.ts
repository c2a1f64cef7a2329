/**
 * Reason codes: every rejected request carries `X-Sandbox-Reason: <PROVIDER>_<CODE>`. The runtime's own
 * codes are shared by all providers (prefixed with the provider's name); providers add theirs. The whole
 * list is documented in docs/reason-codes.md, which a test keeps in sync with these catalogues.
 */
export interface ReasonEntry {
  /** The HTTP status the code comes with (the provider may choose, where it says so). */
  readonly status: number;
  readonly meaning: string;
  readonly fix: string;
}

export type ReasonCatalogue = Readonly<Record<string, ReasonEntry>>;

/** Suffixes of the runtime's own codes; the full code is `<PROVIDER>_<SUFFIX>`. */
export const RUNTIME_REASONS = {
  ROUTE_NOT_FOUND: {
    status: 404,
    meaning: 'No path of the provider’s spec matches the request path under any of its base paths.',
    fix: 'Check the base path and the path against the spec; `GET /__sandbox/requests` shows what was received.',
  },
  TRAILING_SLASH: {
    status: 404,
    meaning:
      'The path exists in the spec only with a trailing slash where the request has none, or the other way round; the provider would not serve it either.',
    fix: 'Write the path exactly as the spec does (the official SDKs do).',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    meaning: 'The path exists in the spec, but not with this method.',
    fix: 'Use one of the methods in the `Allow` response header.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    meaning:
      'The HTTP request itself does not parse (request line, header syntax); it never reached the provider.',
    fix: 'Check the HTTP client; the request line and headers must follow HTTP/1.1.',
  },
  HOST_HEADER_INVALID: {
    status: 400,
    meaning:
      'An HTTP/1.1 request came without a `Host` header, or with more than one; HTTP requires exactly one (RFC 9112 §3.2).',
    fix: 'Send exactly one `Host` header (HTTP clients do; a proxy or hand-written request may not).',
  },
  TRANSFER_ENCODING_INVALID: {
    status: 400,
    meaning:
      'The request’s `Transfer-Encoding` is anything but exactly one `chunked` (e.g. `identity` then `chunked` on two lines): framing that a proxy and the server could read differently (request smuggling).',
    fix: 'Send either `Content-Length` or a single `Transfer-Encoding: chunked`.',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    meaning: 'The request headers are over Node’s limit (16 KiB).',
    fix: 'Send fewer or smaller headers.',
  },
  BODY_TOO_LARGE: {
    status: 413,
    meaning: 'The request body is over the 1 MiB limit.',
    fix: 'Send a smaller body.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    meaning:
      'The request has a body whose Content-Type is not one the operation accepts (JSON, a form or raw bytes of a type where the spec lists one), or none at all.',
    fix: 'Send the body with a media type the operation lists in the spec, e.g. `Content-Type: application/json`.',
  },
  MALFORMED_FORM: {
    status: 400,
    meaning: 'The body is declared as a form (`application/x-www-form-urlencoded`) but is not UTF-8.',
    fix: 'Send the form fields URL-encoded in UTF-8, as a browser does.',
  },
  KEY_REVOKED: {
    status: 401,
    meaning:
      'The request carries a key revoked through `POST /__sandbox/keys/revoke` (in any header, query or path parameter, or body field, whether or not the operation reads it), or rests on a token issued with one; a provider that learns a key is compromised expires it at once.',
    fix: 'Use another key; `POST /__sandbox/reset` restores revoked keys.',
  },
  PERMISSION_DENIED: {
    status: 403,
    meaning: 'The caller’s role does not include the permission this operation needs (named in the message).',
    fix: 'Call with a key whose role has the permission, or grant it to the role in the config file.',
  },
  OBJECT_OF_ANOTHER_ACCOUNT: {
    status: 404,
    meaning:
      'The object exists but belongs to another account; the provider answers as for an id that never existed, so as not to reveal it.',
    fix: 'Use the key of the account that created the object.',
  },
  PRECONDITION_FAILED: {
    status: 412,
    meaning:
      '`If-Match` or `If-Unmodified-Since` names a version of the object that is no longer current: it changed since the client read it.',
    fix: 'Read the object again and send its current `ETag` in `If-Match` (or its `Last-Modified` in `If-Unmodified-Since`).',
  },
  PRECONDITION_REQUIRED: {
    status: 428,
    meaning:
      'The operation changes an object only on a conditional request, and the request has neither `If-Match` nor a valid `If-Unmodified-Since`.',
    fix: 'Read the object first and send its `ETag` in `If-Match` (or its `Last-Modified` in `If-Unmodified-Since`).',
  },
  MALFORMED_JSON: {
    status: 400,
    meaning: 'The body is declared as JSON but does not parse.',
    fix: 'Send well-formed JSON (UTF-8).',
  },
  BODY_TOO_DEEP: {
    status: 400,
    meaning:
      'The JSON body nests objects and arrays more than 32 levels deep; it is refused before validation, as malformed JSON is (no real request nests that deep).',
    fix: 'Flatten the body: the fields of the provider’s requests nest a few levels at most.',
  },
  PATH_INVALID: {
    status: 404,
    meaning:
      'A path parameter does not match its format in the spec (an id of the wrong shape, a path trick).',
    fix: 'Use the id exactly as the provider returned it.',
  },
  QUERY_INVALID: {
    status: 400,
    meaning: 'A query parameter is missing, of the wrong type or out of range.',
    fix: 'Compare the query with the operation’s parameters in the spec; the error body names them.',
  },
  HEADER_INVALID: {
    status: 400,
    meaning: 'A header parameter the spec declares is missing or malformed.',
    fix: 'Compare the headers with the operation’s parameters in the spec; the error body names them.',
  },
  BODY_INVALID: {
    status: 422,
    meaning:
      'The JSON body violates the operation’s request schema: a required field is missing, a field has the wrong type or format, or a field is unknown.',
    fix: 'The error body names each bad field; fix them against the request schema in the spec.',
  },
  IDEMPOTENT_REPLAY: {
    status: 409,
    meaning:
      'The idempotency key was already used with the same request; the stored response is returned again (the provider’s replay status).',
    fix: 'Nothing to fix: treat it as the original response. Use a new key for a new operation.',
  },
  IDEMPOTENCY_IN_FLIGHT: {
    status: 423,
    meaning: 'A request with the same idempotency key is still being processed.',
    fix: 'Retry later with back-off.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    meaning: 'The idempotency key was already used with a different request (method, path or body).',
    fix: 'Use a new idempotency key for each distinct operation.',
  },
  FAULT_INJECTED: {
    status: 503,
    meaning:
      'A fault set through `POST /__sandbox/faults` answered this request (the status is the one the fault asked for).',
    fix: 'Expected in a resilience test; `DELETE /__sandbox/faults` or `POST /__sandbox/reset` removes faults.',
  },
  RATE_LIMITED: {
    status: 429,
    meaning:
      'The credential made more requests in the current window than the config’s `rateLimit` allows (`requests` per `perSeconds` of sandbox time); the provider’s 429 answer, with `Retry-After`.',
    fix: 'Back off for `Retry-After` seconds (or advance the sandbox clock); raise or remove `rateLimit` in the config file.',
  },
  PREFER_INVALID: {
    status: 400,
    meaning:
      'The `Prefer` header asks for what the sandbox cannot give: a `fault=` other than drop, reset, truncate, malformed or trickle, a `code=` that is no status, or a code or example the operation’s spec does not have.',
    fix: 'Ask for a status or example the operation lists in the spec, or one of the documented `fault=` values.',
  },
  PREFERRED_STATUS: {
    status: 400,
    meaning:
      'The request asked for this error answer with `Prefer: code=` (or `example=`); the body is the spec’s example for it, and nothing was changed (the status is the one asked for).',
    fix: 'Expected when testing error handling; drop the `Prefer` header for the provider’s real answer.',
  },
  CONTROL_INVALID: {
    status: 400,
    meaning:
      'A request to the `/__sandbox/` control surface is malformed or out of range (a clock value that is not an RFC 3339 date-time or leaves years 1970 to 9999, a filter given twice, a fault naming no operation of the spec, an unknown field, a path with a malformed percent-encoding such as `%zz`, ...); nothing was changed.',
    fix: 'The `error` field says which input; see the control surface table in the README.',
  },
  CONTROL_TOO_LARGE: {
    status: 413,
    meaning: 'A request to the `/__sandbox/` control surface has a body over 64 KiB.',
    fix: 'Send a smaller control request (a fault’s `body` is limited to 16 KiB).',
  },
  FAULT_LIMIT_REACHED: {
    status: 429,
    meaning: '`POST /__sandbox/faults` would make more than 100 faults active at once.',
    fix: 'Remove faults with `DELETE /__sandbox/faults` (or reset), or give them `times`, so used-up ones go.',
  },
  FAULT_NOT_FOUND: {
    status: 404,
    meaning: '`POST /__sandbox/faults/{id}/release` named no active fault.',
    fix: 'Use an id listed by `GET /__sandbox/faults` (a released, cleared or used-up fault is gone).',
  },
  JOURNAL_ENTRY_NOT_FOUND: {
    status: 404,
    meaning:
      '`GET /__sandbox/requests/{id}` named no entry the journal holds: a reset cleared it, it fell off the bounded journal, or the id was never given.',
    fix: 'Follow the `X-Sandbox-Journal` URL of a recent refusal, or list the journal with `GET /__sandbox/requests`.',
  },
  CONTROL_UNAUTHORIZED: {
    status: 401,
    meaning:
      'The sandbox was started with `--control-token` (or `PARTNER_SANDBOX_CONTROL_TOKEN`) and a `/__sandbox/` request (other than `GET /__sandbox/health`) did not carry that token.',
    fix: 'Send `Authorization: Bearer <the token the sandbox was started with>` on control requests.',
  },
  PROVIDER_STATE_UNKNOWN: {
    status: 400,
    meaning: '`POST /__sandbox/provider-states` named a state the provider does not define.',
    fix: 'Use one of the states listed by `GET /__sandbox/provider-states`.',
  },
  NAMESPACE_INVALID: {
    status: 400,
    meaning:
      'The `X-Sandbox-Namespace` header or the `/__ns/NAME/` path prefix names no valid namespace: a name is 1 to 64 of `A-Z a-z 0-9 . _ -` (an empty one, a space, a percent-encoding or the header sent twice is none); nothing was changed, and the request went to no namespace.',
    fix: 'Name the namespace with those characters only (a CI job id or branch name with others replaced by `-`).',
  },
  NAMESPACE_CONFLICT: {
    status: 400,
    meaning:
      'The request names one namespace in its `X-Sandbox-Namespace` header and another in its `/__ns/NAME/` path prefix; which one was meant is unknown, so neither is used and nothing was changed.',
    fix: 'Name the namespace once (the header or the prefix), or the same in both.',
  },
  STATE_UNAVAILABLE: {
    status: 503,
    meaning:
      'The sandbox keeps its state in a shared store (`--state redis://…`) and could not use it for this request: the store was unreachable or lost the connection, or other processes kept changing what the request read (5 attempts). Nothing the request would have changed was written.',
    fix: 'Retry the request (with the same idempotency key, if it had one); if it persists, check that the Redis the sandbox was started with is up and reachable.',
  },
  INTERNAL_ERROR: {
    status: 500,
    meaning: 'The sandbox itself failed (a bug, never a verdict on the request).',
    fix: 'Report it with the request from `GET /__sandbox/requests` and the stderr output.',
  },
} as const satisfies ReasonCatalogue;

export type RuntimeReason = keyof typeof RUNTIME_REASONS;

export function runtimeReasonCode(providerName: string, reason: RuntimeReason): string {
  return `${providerName.toUpperCase()}_${reason}`;
}

/** Every code a provider's server can emit: the runtime's, prefixed, and the provider's own. */
export function reasonCatalogueOf(provider: { name: string; reasons: ReasonCatalogue }): ReasonCatalogue {
  const catalogue: Record<string, ReasonEntry> = {};
  for (const [suffix, entry] of Object.entries(RUNTIME_REASONS)) {
    catalogue[`${provider.name.toUpperCase()}_${suffix}`] = entry;
  }
  return { ...catalogue, ...provider.reasons };
}

/**
 * A provider's typed refusal factory: the code is checked against the catalogue at compile time and the
 * status comes from the catalogue, so a handler never writes a status by hand.
 */
export function refusals<const Catalogue extends ReasonCatalogue>(catalogue: Catalogue) {
  return (code: keyof Catalogue & string, message: string, errors?: unknown): SandboxRejection =>
    new SandboxRejection((catalogue[code] as ReasonEntry).status, code, message, errors);
}

/** Thrown by handlers (and the runtime) to answer with the provider's error shape and a reason code. */
export class SandboxRejection extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly errors?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The body to answer instead of the provider's `errorBody` (a gateway's 429 that is not the API's). */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'SandboxRejection';
  }
}
