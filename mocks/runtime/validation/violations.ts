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

/**
 * The most violations one request reports (in its answer and its journal entry); the rest are counted in
 * one last violation of keyword `MORE_VIOLATIONS` ("and N more"), which each provider renders in its shape.
 * A 1 MiB body can break a schema 100,000 times (one unknown key each): listing them all made a 5 MB answer.
 */
export const MAX_REPORTED_VIOLATIONS = 50;

/** The keyword of the summary violation that stands for the violations not reported. */
export const MORE_VIOLATIONS = 'moreViolations';

/** The summary violation: `omitted` violations past the cap. */
export function moreViolations(location: ViolationLocation, omitted: number): Violation {
  return {
    in: location,
    field: [],
    keyword: MORE_VIOLATIONS,
    message: `and ${omitted} more`,
    params: { omitted },
  };
}

/** Violations, the first `limit` as such and the others counted. */
export interface ViolationList {
  readonly violations: Violation[];
  readonly omitted: number;
}

/** Ajv keywords whose errors repeat what their branches already said. */
const COMPOSITE_KEYWORDS = new Set(['anyOf', 'oneOf', 'if', 'then', 'else', 'allOf']);

/**
 * Ajv's errors as violations, deduplicated: the first `limit` in full, the others only counted (a cheap key
 * per error, no field path built), so the work past the cap stays a small fraction of the validation's.
 */
export function violationsFromAjv(
  location: ViolationLocation,
  errors: readonly ErrorObject[],
  limit = Number.POSITIVE_INFINITY,
): ViolationList {
  const violations: Violation[] = [];
  let omitted = 0;
  const seen = new Set<string>();
  for (const error of errors) {
    // Composite keywords repeat what their branches already said, except a `oneOf` that more than one branch
    // passed: no branch failed, so that error alone says what is wrong.
    const severalPassed = error.keyword === 'oneOf' && Array.isArray(error.params.passingSchemas);
    if (COMPOSITE_KEYWORDS.has(error.keyword) && !severalPassed) continue;
    // Only the branches of a composite keyword (anyOf, oneOf...) repeat a field and keyword: past the cap, an
    // error outside them is counted without the key, so 100,000 unknown keys cost no set of 100,000 strings.
    if (violations.length >= limit && !insideComposite(error.schemaPath)) {
      omitted += 1;
      continue;
    }
    const named =
      error.keyword === 'required'
        ? error.params.missingProperty
        : error.keyword === 'additionalProperties'
          ? error.params.additionalProperty
          : undefined;
    // The instance path and the property named identify the field: the same key as a field path would.
    const key = `${error.instancePath}|${named === undefined ? '' : `/${String(named)}`}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (violations.length >= limit) {
      omitted += 1;
      continue;
    }
    const field = instancePathToField(error.instancePath);
    if (named !== undefined) field.push(String(named));
    violations.push({
      in: location,
      field,
      keyword: error.keyword,
      message: error.message ?? error.keyword,
      params: error.params,
    });
  }
  return { violations, omitted };
}

/** Whether an error comes from a branch of a composite keyword (its schema path passes through one). */
function insideComposite(schemaPath: string): boolean {
  return /\/(anyOf|oneOf|allOf|if|then|else)\//.test(schemaPath);
}

function instancePathToField(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((token) => (/^(0|[1-9]\d*)$/.test(token) ? Number(token) : token));
}
