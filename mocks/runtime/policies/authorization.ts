import type { AuthorizationPolicy, PolicyRequest } from '../provider';

export type AuthorizationOutcome =
  | { readonly kind: 'allowed' }
  /** The caller's role lacks the operation's permission: 403. */
  | { readonly kind: 'forbidden'; readonly permission: string }
  /** The object belongs to another account: 404, worded as for an id that never existed. */
  | { readonly kind: 'hidden'; readonly message: string; readonly errors?: unknown };

/**
 * The authorization step, after authentication: first the permission the operation needs (a caller whose
 * `permissions` are undefined may do everything), then the ownership of the object the request names. An
 * unauthenticated operation, or a caller without an account, is not subject to ownership.
 */
export function authorize<State>(
  policy: AuthorizationPolicy<State> | undefined,
  request: PolicyRequest<State>,
): AuthorizationOutcome {
  const { principal } = request;
  if (!policy || !principal) return { kind: 'allowed' };
  const permissions = policy.permissions ?? {};
  const needed = Object.hasOwn(permissions, request.operation.operationId)
    ? permissions[request.operation.operationId]
    : undefined;
  if (
    needed !== undefined &&
    principal.permissions !== undefined &&
    !principal.permissions.includes(needed)
  ) {
    return { kind: 'forbidden', permission: needed };
  }
  if (policy.ownerOf && principal.account !== undefined) {
    const owner = policy.ownerOf(request);
    if (owner !== undefined && owner !== principal.account)
      return { kind: 'hidden', ...policy.notFound(request) };
  }
  return { kind: 'allowed' };
}
