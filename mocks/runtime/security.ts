import type { SecurityContext, SecurityOutcome, SecurityRequest, SecuritySchemeHandler } from './provider';

/**
 * Evaluates an operation's OpenAPI `security`: alternatives (any one may pass) of scheme lists (all must
 * pass). Each scheme is checked by the provider's handler of that name; what each handler looked at is
 * kept, by scheme, for the journal. Undefined when the operation needs no auth. On failure, the first
 * alternative's first failing scheme is the answer.
 */
export function authenticate(
  handlers: Readonly<Record<string, SecuritySchemeHandler>>,
  alternatives: readonly (readonly string[])[],
  request: SecurityRequest,
  context: SecurityContext,
): SecurityOutcome | undefined {
  let firstFailure: SecurityOutcome | undefined;
  for (const schemes of alternatives) {
    const checked: Record<string, unknown> = {};
    let failure: SecurityOutcome | undefined;
    for (const scheme of schemes) {
      const handler = handlers[scheme];
      // The app refuses to start when a scheme has no handler (assertPluggable); this guards the type.
      if (!handler) throw new Error(`no handler for security scheme "${scheme}"`);
      const outcome = handler(request, context);
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
