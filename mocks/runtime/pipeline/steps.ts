import { BODY_DEPTH_LIMIT, jsonDepthExceeds, parseJsonBody, readRawBody, tooDeepDetail } from '../body';
import { parseFormBody } from '../form-body';
import { journalBodyText, journalBytesSummary } from '../journal';
import { authorize } from '../policies/authorization';
import { evaluatePreconditions } from '../policies/preconditions';
import type { Credentials, PolicyRequest, ProviderDefinition, Settings } from '../provider';
import { SandboxRejection, type RuntimeReason } from '../reasons';
import type { SpecRouter } from '../router';
import { headersAsSent } from '../credentials/headers-as-sent';
import { revokedCredentialIn, revokedCredentialInBody } from '../credentials/revoked-carried';
import { authenticate, shownPrincipal } from '../security';
import { mediaTypeEssence, type BodyMediaType, type SpecOperation } from '../spec';
import type { RequestValidator } from '../validation/request-validator';
import type { Violation } from '../validation/violations';
import { matchedOf, type Exchange } from './exchange';

/** What the steps of the request pipeline use of the provider's running sandbox. */
export interface PipelineDeps<State> {
  readonly provider: ProviderDefinition<State>;
  readonly router: SpecRouter;
  readonly validator: RequestValidator;
  readonly credentials: Credentials;
  readonly settings: Settings;
  /** The state the request's steps read: in memory the namespace's, with a shared store its run's view. */
  readonly state: (exchange: Exchange) => State;
  readonly isRevoked: (value: string) => boolean;
  /** Whether any key is revoked (most runs revoke none: nothing to look for). */
  readonly anyRevoked: () => boolean;
  /** The full code of a runtime reason for this provider (`<PROVIDER>_<REASON>`). */
  readonly reasonCode: (reason: RuntimeReason) => string;
  /** A runtime refusal: the status is the catalogue's unless the provider's policy chose another. */
  readonly reject: (
    reason: RuntimeReason,
    message: string,
    errors?: unknown,
    status?: number,
  ) => SandboxRejection;
}

/** Route: the operation the method and path name under one of the base paths (404, 405 otherwise). */
export function route<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { method, path } = exchange;
  const match = deps.router.match(method, path);
  if (match.kind === 'no-route' || match.kind === 'trailing-slash') {
    exchange.trace.nearMisses = deps.router.nearMisses(method, path, 3);
    exchange.res.setHeader('X-Sandbox-Near-Misses', exchange.trace.nearMisses.join(', '));
    throw deps.reject(match.kind === 'no-route' ? 'ROUTE_NOT_FOUND' : 'TRAILING_SLASH', 'Not found.');
  }
  if (match.kind === 'method-not-allowed') {
    exchange.res.setHeader('Allow', match.allowed.join(', '));
    throw deps.reject('METHOD_NOT_ALLOWED', `Method "${method}" not allowed.`);
  }
  const { operation, params, basePath, relativePath } = match;
  exchange.matched = { operation, params, basePath, relativePath };
  exchange.trace.operation = match.operation;
}

/**
 * Read the body as raw bytes (signatures are verified over exactly these), at most 1 MiB (413). False when
 * the client went away: there is nobody to answer.
 */
export async function readBody<State>(exchange: Exchange, deps: PipelineDeps<State>): Promise<boolean> {
  const read = await readRawBody(exchange.req);
  if (!read.ok && 'aborted' in read) {
    exchange.trace.aborted = true;
    exchange.res.destroy();
    return false;
  }
  if (!read.ok) {
    exchange.res.setHeader('Connection', 'close');
    throw deps.reject('BODY_TOO_LARGE', 'Request body exceeds the 1 MiB limit.');
  }
  exchange.rawBody = read.raw;
  const contentType = exchange.req.headers['content-type'];
  // Bytes (a file) are journaled by size and digest: their text would be noise, or not text at all.
  exchange.trace.bodyText =
    bodyMediaOf(matchedOf(exchange).operation, contentType)?.kind === 'raw'
      ? journalBytesSummary(read.raw, contentType)
      : journalBodyText(read.raw);
  return true;
}

/**
 * Before any other work on the body (a security scheme may verify a signature over it, and name the mistake by
 * re-serialising it): a body to be read as JSON that nests deeper than the limit is refused (400), with or without
 * credentials. One pass over the bytes, nothing parsed.
 */
export function checkBodyDepth<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { operation } = matchedOf(exchange);
  const raw = exchange.rawBody;
  if (raw === undefined || raw.length === 0) return;
  const media = bodyMediaOf(operation, exchange.req.headers['content-type']);
  // A body of no accepted type is refused by parseBody (415); a form's brackets are text, bytes are not JSON.
  if (media?.kind !== 'json') return;
  if (jsonDepthExceeds(raw, BODY_DEPTH_LIMIT))
    throw deps.reject('BODY_TOO_DEEP', tooDeepDetail(BODY_DEPTH_LIMIT));
}

/**
 * Revocation, before any scheme runs: a revoked key is refused wherever the request carries it (a header, the
 * query, the path), whether a scheme or a handler would read it. The body is looked at once it is parsed
 * (`refuseRevokedInBody`); a token issued with a revoked key is refused by `authenticateCaller`.
 */
export function refuseRevokedCredentials<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  if (!deps.anyRevoked()) return;
  const where = revokedCredentialIn(
    { headers: headersAsSent(exchange.req), query: exchange.query, params: matchedOf(exchange).params },
    deps.isRevoked,
  );
  if (where !== undefined) refuseRevoked(exchange, deps, where);
}

/** Revocation of a key carried in the parsed body (a key exchanged for a session token, say). */
export function refuseRevokedInBody<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  if (!deps.anyRevoked() || exchange.body === undefined) return;
  const where = revokedCredentialInBody(exchange.body, deps.isRevoked);
  if (where !== undefined) refuseRevoked(exchange, deps, where);
}

function refuseRevoked<State>(exchange: Exchange, deps: PipelineDeps<State>, where: string): never {
  // Field names come from the client: bounded, as everything the journal keeps is.
  exchange.trace.checked.revoked = `a revoked key in ${where.slice(0, 200)}`;
  throw deps.reject('KEY_REVOKED', 'This key has been revoked.');
}

/**
 * Authenticate: the operation's security schemes (401 in the provider's words), seeing a repeated header as
 * the list of its values (a malformed credential); then revocation: a caller resting on a revoked key (a
 * token issued with it) is refused from the very next request.
 */
export function authenticateCaller<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { operation, params } = matchedOf(exchange);
  const auth = authenticate(
    deps.provider.securitySchemes,
    operation.security,
    {
      method: exchange.method,
      path: exchange.path,
      targetPath: targetPathOf(exchange),
      query: exchange.query,
      headers: headersAsSent(exchange.req),
      rawBody: exchange.rawBody ?? Buffer.alloc(0),
      operation,
      params,
    },
    {
      credentials: deps.credentials,
      settings: deps.settings,
      now: exchange.now,
      state: deps.state(exchange),
      isRevoked: deps.isRevoked,
    },
  );
  if (!auth) return;
  exchange.trace.checked.auth = auth.checked;
  // A scheme's refusal carries the provider's own code and status.
  if (!auth.ok) throw new SandboxRejection(auth.status, auth.reason, auth.message);
  if (!auth.principal) return;
  exchange.trace.checked.principal = shownPrincipal(auth.principal);
  if (auth.principal.keys.some(deps.isRevoked))
    throw deps.reject('KEY_REVOKED', 'This key has been revoked.');
  exchange.principal = auth.principal;
}

/** The path as the client sent it: a namespace's `/__ns/NAME` prefix, taken off before routing, included. */
function targetPathOf({ req, path }: Exchange): string {
  // Set (as Express names it) only where the URL was rewritten: the namespace's prefix taken off.
  const { originalUrl } = req as { originalUrl?: string };
  if (originalUrl === undefined || originalUrl === req.url) return path;
  const query = originalUrl.indexOf('?');
  return query === -1 ? originalUrl : originalUrl.slice(0, query);
}

/** Authorize: the caller's permission for the operation (403), the ownership of the object it names (404). */
export function authorizeCaller<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const outcome = authorize(deps.provider.authorization, policyRequest(exchange, deps));
  if (outcome.kind === 'forbidden') {
    throw deps.reject(
      'PERMISSION_DENIED',
      `Permission "${outcome.permission}" is required for this operation.`,
    );
  }
  if (outcome.kind === 'hidden')
    throw deps.reject('OBJECT_OF_ANOTHER_ACCOUNT', outcome.message, outcome.errors);
}

/**
 * Parse the body by its media type: JSON, a form where the operation accepts one, or raw bytes left as they
 * came (415, 400).
 */
export function parseBody<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { operation } = matchedOf(exchange);
  if (operation.bodyMediaTypes.length === 0) return;
  const raw = exchange.rawBody ?? Buffer.alloc(0);
  const contentType = exchange.req.headers['content-type'];
  const media = bodyMediaOf(operation, contentType);
  if (raw.length > 0 && media === undefined) {
    throw deps.reject('UNSUPPORTED_MEDIA_TYPE', `Unsupported media type "${contentType ?? ''}" in request.`);
  }
  const chosen = media ?? (operation.bodyMediaTypes[0] as BodyMediaType);
  exchange.bodyKind = chosen.kind;
  exchange.bodySchemaPointer = chosen.schemaPointer;
  if (chosen.kind === 'raw') return;
  if (chosen.kind === 'form') {
    const form = parseFormBody(raw);
    if (!form.ok) throw deps.reject('MALFORMED_FORM', `Form parse error - ${form.detail}`);
    exchange.body = form.value;
    return;
  }
  // checkBodyDepth scanned these bytes already: a non-empty body gets here only as JSON of an accepted type.
  const parsed = parseJsonBody(raw, null);
  if (!parsed.ok) throw deps.reject('MALFORMED_JSON', `JSON parse error - ${parsed.detail}`);
  exchange.body = parsed.value;
}

/**
 * The operation's body media type the request's Content-Type names, if it accepts that type: the type itself,
 * plain JSON for a vendor JSON type, else a range of raw types (`image/*`, then `*\/*`) that covers it.
 */
export function bodyMediaOf(
  operation: SpecOperation,
  contentType: string | undefined,
): BodyMediaType | undefined {
  if (contentType === undefined) return undefined;
  const essence = mediaTypeEssence(contentType);
  return (
    operation.bodyMediaTypes.find((media) => media.essence === essence) ??
    // Vendor JSON types (`application/vnd.x+json`) read as the JSON body where the spec lists plain JSON.
    jsonMediaTypeFor(operation, essence) ??
    operation.bodyMediaTypes.find(
      (media) => media.kind === 'raw' && media.essence === `${essence.split('/')[0] ?? ''}/*`,
    ) ??
    operation.bodyMediaTypes.find((media) => media.kind === 'raw' && media.essence === '*/*')
  );
}

function jsonMediaTypeFor(operation: SpecOperation, essence: string) {
  if (essence !== 'application/json' && !essence.endsWith('+json')) return undefined;
  return operation.bodyMediaTypes.find((media) => media.essence === 'application/json');
}

/** A required body of bytes that came empty, as a violation the provider words as its validation error. */
const EMPTY_BODY: Violation = {
  in: 'body',
  field: [],
  keyword: 'required',
  message: 'the request body is required and was empty',
  params: {},
};

/**
 * Validate the parameters and the body against the spec: a bad path parameter is a resource that does not
 * exist (404); the rest is the provider's validation error.
 */
export function validateRequest<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { operation, params } = matchedOf(exchange);
  const raw = exchange.bodyKind === 'raw';
  const violations = deps.validator.validate(operation, {
    params,
    query: exchange.query,
    headers: exchange.req.headers,
    body: exchange.body,
    // Bytes have no schema to meet: only their presence is checked.
    bodySchemaPointer: raw ? null : exchange.bodySchemaPointer,
  });
  if (raw && violations.length === 0 && operation.bodyRequired && (exchange.rawBody?.length ?? 0) === 0) {
    violations.push(EMPTY_BODY);
  }
  if (violations.length === 0) return;
  exchange.trace.checked.violations = violations;
  const where = (violations[0] as Violation).in;
  if (where === 'path') throw deps.reject('PATH_INVALID', 'Not found.');
  const reason: RuntimeReason =
    where === 'query' ? 'QUERY_INVALID' : where === 'header' ? 'HEADER_INVALID' : 'BODY_INVALID';
  const details = deps.provider.validationError(violations);
  throw deps.reject(reason, details.message, details.errors, details.status);
}

/** Whether an operation changes an object only on a conditional request (it declares the headers). */
export function isConditional(operation: SpecOperation): boolean {
  return operation.parameters.some(
    (parameter) =>
      parameter.in === 'header' &&
      (parameter.name === 'if-match' || parameter.name === 'if-unmodified-since'),
  );
}

/** Preconditions: a conditional operation needs the current version (412 when stale, 428 when absent). */
export function checkPreconditions<State>(exchange: Exchange, deps: PipelineDeps<State>): void {
  const { operation } = matchedOf(exchange);
  const policy = deps.provider.preconditions;
  if (!policy || !isConditional(operation)) return;
  const current = policy.versionOf(policyRequest(exchange, deps));
  const outcome = evaluatePreconditions(exchange.req.headers, current);
  exchange.trace.checked.precondition = { ...outcome, currentEtag: current?.etag };
  if (outcome.kind === 'stale') throw deps.reject('PRECONDITION_FAILED', 'Precondition Failed');
  if (outcome.kind === 'missing') throw deps.reject('PRECONDITION_REQUIRED', 'Precondition Required');
}

export function policyRequest<State>(exchange: Exchange, deps: PipelineDeps<State>): PolicyRequest<State> {
  const { operation, params } = matchedOf(exchange);
  return { operation, params, principal: exchange.principal, state: deps.state(exchange), now: exchange.now };
}
