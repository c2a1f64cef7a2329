import type { ProviderDefinition } from './provider';
import type { SpecOperation } from './spec';

/**
 * Fails at start, loudly, when a provider and its spec do not fit together: a security scheme without a
 * handler, an operation naming an undefined scheme, a handler for an operation the spec lacks, a reason
 * code without the provider's prefix.
 */
export function assertPluggable<State>(
  provider: ProviderDefinition<State>,
  operations: readonly SpecOperation[],
  schemeNames: readonly string[],
): void {
  const problems: string[] = [];
  for (const scheme of schemeNames) {
    if (!provider.securitySchemes[scheme]) problems.push(`no handler for security scheme "${scheme}"`);
  }
  for (const operation of operations) {
    for (const scheme of operation.security.flat()) {
      if (!schemeNames.includes(scheme)) {
        problems.push(`${operation.operationId} names undefined security scheme "${scheme}"`);
      }
    }
  }
  const operationIds = new Set(operations.map((operation) => operation.operationId));
  for (const operationId of Object.keys(provider.handlers)) {
    if (!operationIds.has(operationId)) problems.push(`handler for unknown operation "${operationId}"`);
  }
  for (const code of Object.keys(provider.reasons)) {
    if (!code.startsWith(`${provider.name.toUpperCase()}_`)) {
      problems.push(`reason code ${code} lacks the provider prefix`);
    }
  }
  if (problems.length > 0) throw new Error(`provider ${provider.name}: ${problems.join('; ')}`);
}
