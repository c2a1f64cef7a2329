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
    meaning: 'The request has a body whose Content-Type is not one the operation accepts (JSON).',
    fix: 'Send `Content-Type: application/json` with a JSON body.',
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
  CONTROL_INVALID: {
    status: 400,
    meaning:
      'A request to the `/__sandbox/` control surface is malformed (bad clock value, unknown state, ...).',
    fix: 'See the control surface table in the README.',
  },
  PROVIDER_STATE_UNKNOWN: {
    status: 400,
    meaning: '`POST /__sandbox/provider-states` named a state the provider does not define.',
    fix: 'Use one of the states listed by `GET /__sandbox/provider-states`.',
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

/** Thrown by handlers (and the runtime) to answer with the provider's error shape and a reason code. */
export class SandboxRejection extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly errors?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'SandboxRejection';
  }
}
