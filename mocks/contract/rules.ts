import { ContractError } from './contract-error';
import { ANY, parseJsonPath, type PathToken } from './json-path';

/**
 * One Pact matcher, as the contract writes it: `{"match": "regex", "regex": "..."}`, `{"match": "type", "min": 1}`;
 * a matcher with no `match` (`{"min": 2}`) matches by type, as Pact reads it.
 */
export interface Matcher {
  readonly match?: string;
  readonly regex?: string;
  readonly min?: number;
  readonly max?: number;
  readonly value?: unknown;
}

export interface RuleList {
  readonly combine?: 'AND' | 'OR';
  readonly matchers: readonly Matcher[];
}

/** Matching rules by category; `body` and `header` map a JSON path or a name to a rule list. */
export interface MatchingRules {
  readonly body?: Readonly<Record<string, RuleList>>;
  readonly header?: Readonly<Record<string, RuleList>>;
  readonly status?: RuleList;
  readonly [category: string]: unknown;
}

/**
 * The matchers this replayer implements; a contract using another is refused, never half-checked. Of Pact's V3/V4
 * matchers, `timestamp`/`datetime`, `date` and `time` (Java date formats), `arrayContains`, `eachKey`, `eachValue`,
 * `values`, `contentType` and `statusCode` are refused by name (docs/partners.md).
 */
export const SUPPORTED_MATCHERS: ReadonlySet<string> = new Set([
  'type',
  'regex',
  'number',
  'integer',
  'decimal',
  'boolean',
  'equality',
  'include',
  'null',
  'notEmpty',
  'semver',
]);

/** What a matcher matches by: its `match`, else by type (Pact's reading of `{"min": 1}`). */
export const matchOf = (matcher: Matcher): string => matcher.match ?? 'type';
const SUPPORTED_CATEGORIES = new Set(['body', 'header']);

/** Refuses, naming it, a rule category or matcher the replay cannot check. */
export function checkSupportedRules(rules: MatchingRules | undefined, where: string): void {
  for (const [category, byPath] of Object.entries(rules ?? {})) {
    if (!SUPPORTED_CATEGORIES.has(category))
      throw new ContractError(`${where}: matching rules on "${category}" are not supported`);
    for (const [path, list] of Object.entries(byPath as Record<string, RuleList>)) {
      if (category === 'body') parseJsonPath(path);
      for (const matcher of list.matchers) {
        if (!SUPPORTED_MATCHERS.has(matchOf(matcher)))
          throw new ContractError(
            `${where}: unsupported matcher "${matchOf(matcher)}" at ${category} ${path}`,
          );
      }
    }
  }
}

interface CompiledRule {
  readonly tokens: readonly PathToken[];
  readonly list: RuleList;
}

/**
 * The body rules of a response, looked up by node path. As in Pact, a rule covers its node and everything
 * below it (`like({...})` matches a whole object by type); the rule nearest the node wins, and among rules
 * as near, the one naming fields and indexes over the one using `*`.
 */
export class BodyRules {
  private readonly rules: readonly CompiledRule[];

  constructor(rules: Readonly<Record<string, RuleList>> | undefined) {
    this.rules = Object.entries(rules ?? {}).map(([path, list]) => ({ tokens: parseJsonPath(path), list }));
  }

  /** The rule list that applies at `path`, or undefined where values are compared as they are. */
  at(path: readonly (string | number)[]): RuleList | undefined {
    let best: { list: RuleList; length: number; exact: number } | undefined;
    for (const rule of this.rules) {
      if (rule.tokens.length > path.length) continue;
      let exact = 0;
      const covers = rule.tokens.every((token, index) => {
        if (token === ANY) return true;
        exact += 1;
        // Pact writes `[0]` for the field "0" of an object too (XCover keys quotes by position).
        return String(token) === String(path[index]);
      });
      if (!covers) continue;
      const better =
        !best ||
        rule.tokens.length > best.length ||
        (rule.tokens.length === best.length && exact > best.exact);
      if (better) best = { list: rule.list, length: rule.tokens.length, exact };
    }
    return best?.list;
  }
}

/** Whether a rule list matches values by shape (type, min/max), so that arrays are checked item by item. */
export function matchesByShape(list: RuleList | undefined): boolean {
  return list?.matchers.some((matcher) => ['type', 'notEmpty'].includes(matchOf(matcher))) ?? false;
}

/**
 * What is wrong with `actual` under one rule list (empty when it passes), `expected` being the contract's
 * example. Only the node itself is checked; its children are the caller's.
 */
export function ruleProblems(list: RuleList, expected: unknown, actual: unknown): string[] {
  const problems = list.matchers.map((matcher) => matcherProblem(matcher, expected, actual));
  const failed = problems.filter((problem): problem is string => problem !== undefined);
  if (list.combine === 'OR') return failed.length < problems.length ? [] : failed;
  return failed;
}

function matcherProblem(matcher: Matcher, expected: unknown, actual: unknown): string | undefined {
  switch (matchOf(matcher)) {
    case 'type': {
      if (jsonType(actual) !== jsonType(expected))
        return `expected ${jsonType(expected)}, got ${jsonType(actual)} ${preview(actual)}`;
      if (!Array.isArray(actual)) return undefined;
      if (matcher.min !== undefined && actual.length < matcher.min)
        return `expected at least ${matcher.min} item(s), got ${actual.length}`;
      if (matcher.max !== undefined && actual.length > matcher.max)
        return `expected at most ${matcher.max} item(s), got ${actual.length}`;
      return undefined;
    }
    case 'regex': {
      const text = typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : actual;
      // The whole value must match, as the specification's cases say (`alligator named .{4}` is not "... brent").
      if (typeof text === 'string' && new RegExp(`^(?:${matcher.regex ?? ''})$`).test(text)) return undefined;
      return `expected a value matching /${matcher.regex}/, got ${preview(actual)}`;
    }
    case 'number':
      return typeof actual === 'number' ? undefined : `expected a number, got ${preview(actual)}`;
    case 'integer':
      return Number.isInteger(actual) ? undefined : `expected an integer, got ${preview(actual)}`;
    case 'decimal':
      // As Pact: a number with a fractional part; an integer (even one JSON writes as 2.0) is refused.
      return typeof actual === 'number' && !Number.isInteger(actual)
        ? undefined
        : `expected a decimal number, got ${preview(actual)}`;
    case 'boolean':
      return typeof actual === 'boolean' ? undefined : `expected a boolean, got ${preview(actual)}`;
    case 'null':
      return actual === null ? undefined : `expected null, got ${preview(actual)}`;
    case 'equality':
      return sameJson(actual, expected) ? undefined : `expected ${preview(expected)}, got ${preview(actual)}`;
    case 'notEmpty':
      return jsonType(actual) === jsonType(expected) && !isEmpty(actual)
        ? undefined
        : `expected a non-empty ${jsonType(expected)}, got ${preview(actual)}`;
    case 'semver':
      return typeof actual === 'string' && SEMVER.test(actual)
        ? undefined
        : `expected a semantic version, got ${preview(actual)}`;
    case 'include':
      return typeof actual === 'string' && actual.includes(String(matcher.value ?? expected))
        ? undefined
        : `expected a string including ${preview(matcher.value ?? expected)}, got ${preview(actual)}`;
    default:
      // checkSupportedRules refuses the contract before any comparison.
      throw new ContractError(`unsupported matcher "${matchOf(matcher)}"`);
  }
}

/** semver.org's own pattern for a version (no leading `v`). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

function isEmpty(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** Equal JSON values, objects compared whatever their key order (as Pact's `equality`). */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b))
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(
        (key) =>
          Object.hasOwn(b, key) &&
          sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
      )
    );
  }
  return a === b;
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value as a report shows it: short, on one line. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
