import type { HandlerRequest, HandlerResponse } from '../../runtime/provider';
import { refusals, type SandboxRejection } from '../../runtime/reasons';
import { API_ERROR_MESSAGE } from '../errors';
import { XCOVER_HANDLER_REASONS, type XCoverHandlerReason } from '../reasons';
import { stateLimits, type PackageStatus, type QuotePackage, type XCoverState } from '../state';
import { recordTimestamp } from '../timestamps';

export type XCoverRequest = HandlerRequest<XCoverState>;

const raise = refusals(XCOVER_HANDLER_REASONS);

/** A business-rule refusal in XCover's shape: 422s carry "An API error occurred." and their errors. */
export function refuse(
  reason: XCoverHandlerReason,
  errors: unknown,
  message = API_ERROR_MESSAGE,
): SandboxRejection {
  return raise(reason, message, errors);
}

/** XCover's 404 for an id it does not know (recorded wording). */
export function notFound(reason: XCoverHandlerReason): SandboxRejection {
  return raise(reason, 'Not found.');
}

/** The partner calling: every XCover operation is authenticated, and its key belongs to one partner. */
export function partnerOf(request: XCoverRequest): string {
  const partner = request.principal?.partner;
  if (partner === undefined)
    throw new Error(`${request.operationId} reached without an authenticated partner`);
  return partner;
}

export function findPackage(request: XCoverRequest): QuotePackage {
  const pkg = request.state.packages.get(request.params.quote_package_id ?? '');
  if (!pkg || pkg.partnerCode !== partnerOf(request)) {
    throw notFound('XCOVER_QUOTE_PACKAGE_NOT_FOUND');
  }
  return pkg;
}

/**
 * A working copy of a stored package: a handler changes the copy (and the copies of its quotes), builds its
 * answer from it, then `commit`s it. A request that fails half-way, even while its answer is built, leaves
 * the stored package as it was. Arrays, Maps and instalments inside are replaced, never changed in place.
 */
export function draftOf(pkg: QuotePackage): QuotePackage {
  return { ...pkg, quotes: pkg.quotes.map((quote) => ({ ...quote })) };
}

/**
 * Stores a package in one assignment and returns the answer, which the caller has built (from the package)
 * by then. The answer can always be serialised: it holds the sandbox's own values and parts of bodies that
 * parsed as JSON no deeper than the runtime's nesting limit (`BODY_DEPTH_LIMIT`): no cycle, no BigInt, no
 * nesting JSON.stringify cannot handle.
 */
export function commit(request: XCoverRequest, pkg: QuotePackage, answer: HandlerResponse): HandlerResponse {
  request.state.packages.set(pkg.id, pkg, stateLimits(request.settings));
  return answer;
}

/** Refuses, as XCover does (recorded wording), when the package is not in one of the allowed statuses. */
export function requireStatus(pkg: QuotePackage, allowed: readonly PackageStatus[]): void {
  if (!allowed.includes(pkg.status)) {
    throw refuse('XCOVER_STATUS_TRANSITION_REFUSED', [
      `Status change not allowed for QuotePackage in status ${pkg.status}`,
    ]);
  }
}

export function stamp(request: XCoverRequest): string {
  return recordTimestamp(request.now);
}

export function body(request: XCoverRequest): Record<string, unknown> {
  return request.body as Record<string, unknown>;
}
