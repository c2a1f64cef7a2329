import { formatJsonPath } from './json-path';
import type { PactResponse } from './pact-file';
import { bodyBytesOf } from './request-build';
import { ContractError } from './contract-error';
import {
  BodyRules,
  checkSupportedRules,
  jsonType,
  matchesByShape,
  preview,
  ruleProblems,
  type RuleList,
} from './rules';

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

export interface MatchOptions {
  /**
   * Whether a body object may hold keys the contract does not name: yes for responses (Pact's default), no for
   * requests (the specification's request cases).
   */
  readonly unexpectedKeys?: boolean;
}

/**
 * Refuses, naming it, what the replayer cannot judge as Pact does: a matcher or rule category it does not
 * implement, an XML body (Pact compares XML by element; this replayer would compare bytes).
 */
export function checkSupportedResponse(response: PactResponse, where: string): void {
  checkSupportedRules(response.matchingRules, `${where} (response)`);
  const contentType =
    response.body?.contentType ??
    Object.entries(response.headers ?? {})
      .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
      ?.join(', ');
  const content = response.body?.content;
  // Without a content type, Pact tells XML by its text, as here.
  const xml =
    contentType === undefined
      ? typeof content === 'string' && content.trimStart().startsWith('<')
      : /[/+]xml\b/i.test(contentType);
  if (content !== undefined && content !== null && xml)
    throw new ContractError(
      `${where} (response): XML bodies are not supported (${contentType ?? 'XML text'})`,
    );
}

/**
 * Compares a response with what the interaction expects, as Pact's verifier does: the status exactly (and
 * nothing more when it differs), the
 * expected headers (by their rules, else by value; `Content-Type` by media type and the parameters the
 * contract names), the body by its matching rules. Fields the contract does not name may be present.
 */
export function matchResponse(
  expected: PactResponse,
  received: ReceivedResponse,
  options: MatchOptions = {},
): Mismatch[] {
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
  if (expected.body !== undefined) mismatches.push(...bodyMismatches(expected, received, options));
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
  const lower = name.toLowerCase();
  const same =
    lower === 'content-type' || lower === 'accept'
      ? sameParameterHeader(expected, actual, lower === 'content-type')
      : sameItems(commaItems(expected), commaItems(actual), (a, b) => a === b);
  return same ? undefined : `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** A header value as Pact compares it: its comma-separated items, in order, whitespace around them ignored. */
const commaItems = (value: string) => value.split(',').map((item) => item.trim());

const sameItems = (a: readonly string[], b: readonly string[], same: (x: string, y: string) => boolean) =>
  a.length === b.length && a.every((item, index) => same(item, b[index] as string));

/**
 * `Content-Type` and `Accept` as Pact compares them: item by item, each a value and its parameters; the value
 * exactly (a media type whatever its case, in `Content-Type`), and every parameter the contract names present with
 * the same value whatever its case (`charset=utf-8` is `charset=UTF-8`), in any order; others may be added.
 */
function sameParameterHeader(expected: string, actual: string, mediaType: boolean): boolean {
  const parse = (item: string) => {
    const [value = '', ...params] = item.split(';').map((part) => part.trim());
    return {
      value: mediaType ? value.toLowerCase() : value,
      params: new Map(
        params.map((param) => {
          const [key = '', ...rest] = param.split('=');
          return [key.trim().toLowerCase(), rest.join('=').trim().toLowerCase()] as const;
        }),
      ),
    };
  };
  return sameItems(commaItems(expected), commaItems(actual), (wantText, gotText) => {
    const want = parse(wantText);
    const got = parse(gotText);
    return (
      want.value === got.value && [...want.params].every(([key, value]) => got.params.get(key) === value)
    );
  });
}

function bodyMismatches(
  expected: PactResponse,
  received: ReceivedResponse,
  options: MatchOptions,
): Mismatch[] {
  const body = expected.body as NonNullable<PactResponse['body']>;
  // An empty body expected (`null`): no body at all is that.
  if (body.content === null && received.body.length === 0) return [];
  const whole = expected.matchingRules?.body?.['$'];
  if (whole !== undefined && typeof body.content === 'string' && !isJson(body.contentType)) {
    // A text body under a rule (a regex over the whole text), as Pact applies it.
    const problems = ruleProblems(whole, body.content, received.body.toString('utf8'));
    return problems.length === 0 ? [] : [{ where: 'body', message: problems.join('; ') }];
  }
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
  const rules = new BodyRules(expected.matchingRules?.body);
  compareNode(
    body.content,
    actual,
    [],
    { rules, unexpectedKeys: options.unexpectedKeys ?? true },
    mismatches,
  );
  return mismatches;
}

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || /^application\/(.+\+)?json\b/i.test(contentType);
}

interface BodyContext {
  readonly rules: BodyRules;
  readonly unexpectedKeys: boolean;
}

/** Compares one node by the rule that covers it (else by value), then its children. */
function compareNode(
  expected: unknown,
  actual: unknown,
  path: (string | number)[],
  context: BodyContext,
  mismatches: Mismatch[],
): void {
  const where = formatJsonPath(path);
  const list = context.rules.at(path);
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
      compareNode(expected[index] ?? expected[0], item, [...path, index], context, mismatches),
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
      compareNode(value, actual[field], [...path, field], context, mismatches);
    }
    if (!context.unexpectedKeys) {
      for (const field of Object.keys(actual))
        if (!Object.hasOwn(expected, field))
          mismatches.push({ where: formatJsonPath([...path, field]), message: 'unexpected' });
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
