import { formatJsonPath } from './json-path';
import type { PactResponse } from './pact-file';
import { bodyBytesOf } from './request-build';
import { BodyRules, jsonType, matchesByShape, preview, ruleProblems, type RuleList } from './rules';

/** A received response, as the replay read it. */
export interface ReceivedResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** One way a response differs from the interaction: where (`status`, `header date`, `$.id`) and how. */
export interface Mismatch {
  readonly where: string;
  readonly message: string;
}

/**
 * Compares a response with what the interaction expects, as Pact's verifier does: the status exactly (and
 * nothing more when it differs), the
 * expected headers (by their rules, else by value; `Content-Type` by media type and the parameters the
 * contract names), the body by its matching rules. Fields the contract does not name may be present.
 */
export function matchResponse(expected: PactResponse, received: ReceivedResponse): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (received.status !== expected.status) {
    // Another status is another answer: its body says nothing more about what went wrong.
    return [{ where: 'status', message: `expected ${expected.status}, got ${received.status}` }];
  }
  for (const [name, values] of Object.entries(expected.headers ?? {})) {
    const problem = headerProblem(
      name,
      values.join(', '),
      received.headers[name.toLowerCase()],
      expected.matchingRules?.header?.[name] ?? expected.matchingRules?.header?.[name.toLowerCase()],
    );
    if (problem) mismatches.push({ where: `header ${name}`, message: problem });
  }
  if (expected.body !== undefined) mismatches.push(...bodyMismatches(expected, received));
  return mismatches;
}

function headerProblem(
  name: string,
  expected: string,
  actual: string | undefined,
  rules: RuleList | undefined,
): string | undefined {
  if (actual === undefined) return `missing (expected ${JSON.stringify(expected)})`;
  if (rules) return ruleProblems(rules, expected, actual)[0];
  if (name.toLowerCase() === 'content-type') return contentTypeProblem(expected, actual);
  return actual === expected
    ? undefined
    : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function contentTypeProblem(expected: string, actual: string): string | undefined {
  const parse = (value: string) => {
    const [type = '', ...params] = value.split(';').map((part) => part.trim().toLowerCase());
    return { type, params: new Set(params.map((param) => param.replace(/\s*=\s*/, '='))) };
  };
  const want = parse(expected);
  const got = parse(actual);
  const same = want.type === got.type && [...want.params].every((param) => got.params.has(param));
  return same ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function bodyMismatches(expected: PactResponse, received: ReceivedResponse): Mismatch[] {
  const body = expected.body as NonNullable<PactResponse['body']>;
  if (!isJson(body.contentType) || typeof body.content !== 'object') {
    const want = bodyBytesOf(body) ?? Buffer.alloc(0);
    return want.equals(received.body)
      ? []
      : [
          {
            where: 'body',
            message: `expected ${preview(want.toString())}, got ${preview(received.body.toString())}`,
          },
        ];
  }
  let actual: unknown;
  try {
    actual = JSON.parse(received.body.toString('utf8'));
  } catch {
    return [{ where: 'body', message: `expected JSON, got ${preview(received.body.toString('utf8'))}` }];
  }
  const mismatches: Mismatch[] = [];
  compareNode(body.content, actual, [], new BodyRules(expected.matchingRules?.body), mismatches);
  return mismatches;
}

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || /^application\/(.+\+)?json\b/i.test(contentType);
}

/** Compares one node by the rule that covers it (else by value), then its children. */
function compareNode(
  expected: unknown,
  actual: unknown,
  path: (string | number)[],
  rules: BodyRules,
  mismatches: Mismatch[],
): void {
  const where = formatJsonPath(path);
  const list = rules.at(path);
  if (list) {
    const problems = ruleProblems(list, expected, actual);
    if (problems.length > 0) return void mismatches.push({ where, message: problems.join('; ') });
  } else if (jsonType(actual) !== jsonType(expected)) {
    return void mismatches.push({
      where,
      message: `expected ${preview(expected)}, got ${preview(actual)}`,
    });
  } else if (typeof expected !== 'object' || expected === null) {
    if (actual !== expected)
      mismatches.push({ where, message: `expected ${preview(expected)}, got ${preview(actual)}` });
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (!matchesByShape(list) && actual.length !== expected.length) {
      return void mismatches.push({
        where,
        message: `expected ${expected.length} item(s), got ${actual.length}`,
      });
    }
    // By shape (`eachLike`), every item is checked against the contract's item at its place, else its first.
    actual.forEach((item, index) =>
      compareNode(expected[index] ?? expected[0], item, [...path, index], rules, mismatches),
    );
    return;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const [field, value] of Object.entries(expected)) {
      if (!Object.hasOwn(actual, field)) {
        mismatches.push({
          where: formatJsonPath([...path, field]),
          message: `missing (expected ${preview(value)})`,
        });
        continue;
      }
      compareNode(value, actual[field], [...path, field], rules, mismatches);
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
