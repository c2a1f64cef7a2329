import type {
  Principal,
  SecurityContext,
  SecurityOutcome,
  SecurityRequest,
  SecuritySchemeHandler,
} from './provider';

export type Authentication =
  | {
      readonly ok: true;
      readonly checked: Readonly<Record<string, unknown>>;
      /** Who passed: the principal of the first scheme of the passing alternative that names one. */
      readonly principal: Principal | undefined;
    }
  | (Extract<SecurityOutcome, { ok: false }> & { readonly scheme: string });

/**
 * Evaluates an operation's OpenAPI `security`: alternatives (any one may pass) of scheme lists (all must
 * pass). Each scheme is checked by the provider's handler of that name; what each handler looked at is
 * kept, by scheme, for the journal. Undefined when the operation needs no auth. When every alternative
 * fails, the answer is the first failure of a scheme whose credential the request carried (a client that
 * sent a Bearer token wants to hear about its token, not that Basic credentials are missing); when it
 * carried none, the first failure.
 */
export function authenticate<State>(
  handlers: Readonly<Record<string, SecuritySchemeHandler<State>>>,
  alternatives: readonly (readonly string[])[],
  request: SecurityRequest,
  context: SecurityContext<State>,
): Authentication | undefined {
  if (alternatives.length === 0) return undefined;
  const failures: Extract<Authentication, { ok: false }>[] = [];
  for (const schemes of alternatives) {
    const checked: Record<string, unknown> = {};
    let principal: Principal | undefined;
    let failed = false;
    for (const scheme of schemes) {
      const handler = handlers[scheme];
      // The app refuses to start when a scheme has no handler (assertPluggable); this guards the type.
      if (!handler) throw new Error(`no handler for security scheme "${scheme}"`);
      const outcome = handler(request, context);
      checked[scheme] = outcome.checked;
      if (!outcome.ok) {
        failures.push({ ...outcome, checked, scheme });
        failed = true;
        break;
      }
      if (outcome.principal && !principal) principal = { ...outcome.principal, scheme };
    }
    if (!failed) return { ok: true, checked, principal };
  }
  return failures.find((failure) => !failure.missing) ?? failures[0];
}

/** The principal as the journal shows it: everything but the credential values it rests on. */
export function shownPrincipal(principal: Principal): Omit<Principal, 'keys'> {
  const { keys: _keys, ...shown } = principal;
  return shown;
}
