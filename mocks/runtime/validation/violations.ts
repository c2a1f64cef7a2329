import type { ErrorObject } from 'ajv';

export type ViolationLocation = 'path' | 'query' | 'header' | 'body';

/**
 * One way a request breaks its operation's spec, in terms a provider can turn into its own error body:
 * where, which field (as a path of keys and indexes), which JSON Schema keyword failed.
 */
export interface Violation {
  readonly in: ViolationLocation;
  /** Field path inside the location, e.g. ['policyholder', 'phone'] or ['request', 0, 'policy_type']. */
  readonly field: readonly (string | number)[];
  readonly keyword: string;
  /** Ajv's English message, for the journal. */
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export function violationsFromAjv(location: ViolationLocation, errors: readonly ErrorObject[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const field = instancePathToField(error.instancePath);
    if (error.keyword === 'required') field.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') field.push(String(error.params.additionalProperty));
    // Composite keywords repeat what their branches already said, except a `oneOf` that more than one branch
    // passed: no branch failed, so that error alone says what is wrong.
    const severalPassed = error.keyword === 'oneOf' && Array.isArray(error.params.passingSchemas);
    if (['anyOf', 'oneOf', 'if', 'then', 'else', 'allOf'].includes(error.keyword) && !severalPassed) continue;
    const key = `${field.join('/')}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({
      in: location,
      field,
      keyword: error.keyword,
      message: error.message ?? error.keyword,
      params: error.params,
    });
  }
  return violations;
}

function instancePathToField(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^(0|[1-9]\d*)$/.test(token) ? Number(token) : token));
}
