import type { AnyProviderDefinition, ProviderDefinition } from './provider';

/**
 * Every field of a provider definition: a lazy definition offers each of them. The type check keeps the list
 * complete (a field missing here, or one the interface does not have, does not compile).
 */
const DEFINITION_FIELDS = {
  name: true,
  specPath: true,
  defaultCredentials: true,
  keysInForce: true,
  publicCredentials: true,
  principalSettings: true,
  settings: true,
  liveCredentialProblem: true,
  securitySchemes: true,
  defaultPrincipal: true,
  authorization: true,
  preconditions: true,
  reasons: true,
  errorBody: true,
  errorPage: true,
  faultBody: true,
  rateLimited: true,
  validationError: true,
  idempotency: true,
  commonResponseHeaders: true,
  perResponseHeaders: true,
  sensitiveHeaders: true,
  sensitiveBodyFields: true,
  createState: true,
  handlers: true,
  statePrefetch: true,
  stateReads: true,
  providerStates: true,
  clientAuth: true,
} as const satisfies Record<keyof ProviderDefinition, true>;

/**
 * A provider definition whose module is loaded when one of its fields is first read, not before: its name is
 * known without loading. A provider's module brings its handlers, verifiers and their libraries (a signing
 * library takes a tenth of a second to load), which a sandbox that starts other providers never needs.
 */
export function lazyProviderDefinition(
  name: string,
  load: () => AnyProviderDefinition,
): AnyProviderDefinition {
  const fields = (Object.keys(DEFINITION_FIELDS) as (keyof ProviderDefinition)[]).filter(
    (field) => field !== 'name',
  );
  const lazy: Record<string, unknown> = { name };
  // Once loaded, the getters give way to the loaded values: the request pipeline reads these fields on every
  // request, and a getter call each time showed in its profile.
  const loadOnce = (): AnyProviderDefinition => {
    const loaded = load();
    if (loaded.name !== name) throw new Error(`provider "${name}" loaded as "${loaded.name}"`);
    for (const field of fields) {
      Object.defineProperty(lazy, field, { enumerable: true, writable: false, value: loaded[field] });
    }
    return loaded;
  };
  for (const field of fields) {
    Object.defineProperty(lazy, field, {
      enumerable: true,
      configurable: true,
      get: () => loadOnce()[field],
    });
  }
  return lazy as unknown as AnyProviderDefinition;
}
