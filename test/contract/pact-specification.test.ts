/**
 * The replayer's matcher (`mocks/contract/response-match.ts`, what `partner-sandbox verify` judges answers with)
 * against the Pact specification's own test cases, V2 to V4 (`test/fixtures/pact-specification/`, MIT, copied
 * from pact-foundation/pact-specification): every response case (status, headers, body) and the request cases
 * of what a body or header comparison decides (requests also refuse unexpected body keys). Each case must be
 * judged as the specification says, or refused loudly, naming what is not supported (XML bodies). The counts
 * per matcher are in docs/partners.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ContractError } from '../../mocks/contract/contract-error';
import type { MatchingRules, RuleList } from '../../mocks/contract/rules';
import type { PactBody, PactResponse } from '../../mocks/contract/pact-file';
import {
  checkSupportedResponse,
  matchResponse,
  type ReceivedResponse,
} from '../../mocks/contract/response-match';

const ROOT = resolve(__dirname, '../fixtures/pact-specification');

interface SpecMessage {
  readonly status?: number;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: unknown;
  readonly matchingRules?: Record<string, unknown>;
}

interface SpecCase {
  readonly match: boolean;
  readonly comment: string;
  readonly expected: SpecMessage;
  readonly actual: SpecMessage;
}

interface LoadedCase {
  readonly name: string;
  readonly version: number;
  readonly kind: 'request' | 'response';
  readonly spec: SpecCase;
}

function loadCases(): LoadedCase[] {
  const cases: LoadedCase[] = [];
  for (const version of [2, 3, 4]) {
    for (const [kind, folders] of [
      ['response', ['status', 'headers', 'body']],
      ['request', ['headers', 'body']],
    ] as const) {
      for (const folder of folders) {
        const dir = join(ROOT, `version-${version}`, kind, folder);
        for (const file of readdirSync(dir)
          .filter((name) => name.endsWith('.json'))
          .sort()) {
          const spec = JSON.parse(readFileSync(join(dir, file), 'utf8')) as SpecCase;
          cases.push({
            name: `V${version} ${kind} ${folder}: ${file.replace(/\.json$/, '')}`,
            version,
            kind,
            spec,
          });
        }
      }
    }
  }
  return cases;
}

/** A V2 rule (`"$.body.x": {"match": "type"}`) or V3/V4 rule list, as the replayer reads rules (V4's form). */
function matchingRulesOf(message: SpecMessage, version: number): MatchingRules | undefined {
  const rules = message.matchingRules;
  if (rules === undefined) return undefined;
  if (version >= 3) return rules as MatchingRules;
  const body: Record<string, RuleList> = {};
  const header: Record<string, RuleList> = {};
  for (const [path, matcher] of Object.entries(rules as Record<string, Record<string, unknown>>)) {
    const list = { matchers: [{ match: 'type', ...matcher } as RuleList['matchers'][number]] };
    if (path.startsWith('$.body')) body[`$${path.slice('$.body'.length)}`] = list;
    else if (path.startsWith('$.headers.')) header[path.slice('$.headers.'.length)] = list;
  }
  return { body, header };
}

const headerValues = (headers: SpecMessage['headers']) =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value : [value]]),
  );

const contentTypeOf = (message: SpecMessage) =>
  Object.entries(message.headers ?? {})
    .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
    ?.toString();

/** The case's body as a V4 contract body: V4 writes `{content, contentType, encoded}`, V2 and V3 the content. */
function pactBodyOf(message: SpecMessage, version: number): PactBody | undefined {
  if (!('body' in message)) return undefined;
  if (version >= 4 && typeof message.body === 'object' && message.body !== null && 'content' in message.body)
    return message.body as PactBody;
  const contentType = contentTypeOf(message);
  return { content: message.body, ...(contentType === undefined ? {} : { contentType }) };
}

function expectedOf(loaded: LoadedCase): PactResponse {
  const { expected } = loaded.spec;
  const rules = matchingRulesOf(expected, loaded.version);
  const body = pactBodyOf(expected, loaded.version);
  return {
    status: expected.status ?? 200,
    headers: headerValues(expected.headers),
    ...(body === undefined ? {} : { body }),
    ...(rules === undefined ? {} : { matchingRules: rules }),
  };
}

function receivedOf(loaded: LoadedCase): ReceivedResponse {
  const { actual } = loaded.spec;
  const body = pactBodyOf(actual, loaded.version);
  const content = body?.content;
  return {
    status: actual.status ?? loaded.spec.expected.status ?? 200,
    headers: Object.fromEntries(
      Object.entries(actual.headers ?? {}).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    ),
    body:
      content === undefined
        ? Buffer.alloc(0)
        : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
  };
}

type Outcome = 'agrees' | 'refused';

/** Judges one case as verify would: the contract's rules checked first (refused loudly), then the match. */
function judge(loaded: LoadedCase): { outcome: Outcome; detail: string } {
  const expected = expectedOf(loaded);
  try {
    checkSupportedResponse(expected, loaded.name);
    const mismatches = matchResponse(expected, receivedOf(loaded), {
      unexpectedKeys: loaded.kind === 'response',
    });
    const matched = mismatches.length === 0;
    const detail = mismatches.map((m) => `${m.where}: ${m.message}`).join('; ');
    if (matched !== loaded.spec.match)
      throw new Error(`${loaded.name}: expected match=${loaded.spec.match}, got ${detail || 'a match'}`);
    return { outcome: 'agrees', detail };
  } catch (error) {
    if (error instanceof ContractError) return { outcome: 'refused', detail: error.message };
    throw error;
  }
}

const CASES = loadCases();
const isXml = (loaded: LoadedCase) =>
  /xml/i.test(`${contentTypeOf(loaded.spec.expected) ?? ''} ${contentTypeOf(loaded.spec.actual) ?? ''}`) ||
  /\bxml\b/.test(loaded.name);

describe("the replayer's matcher against the Pact specification's test cases", () => {
  it.each(CASES.map((loaded) => [loaded.name, loaded] as const))('%s', (_, loaded) => {
    const { outcome, detail } = judge(loaded);
    // Only what the replayer cannot match is refused, and the refusal names it.
    if (outcome === 'refused') expect([isXml(loaded), detail]).toEqual([true, expect.stringMatching(/XML/)]);
  });
});

/** Cases per matcher their rules use (`none`: compared by value), and how many of them the replayer refuses. */
function countsByMatcher(): Map<string, { cases: number; refused: number }> {
  const counts = new Map<string, { cases: number; refused: number }>();
  for (const loaded of CASES) {
    const rules = matchingRulesOf(loaded.spec.expected, loaded.version) ?? {};
    const lists = [rules.body, rules.header].flatMap((byPath) => Object.values(byPath ?? {}));
    const names = new Set(lists.flatMap((list) => list.matchers.map((matcher) => matcher.match ?? 'type')));
    if (names.size === 0) names.add('none');
    const refused = judge(loaded).outcome === 'refused';
    for (const name of names) {
      const count = counts.get(name) ?? { cases: 0, refused: 0 };
      counts.set(name, { cases: count.cases + 1, refused: count.refused + (refused ? 1 : 0) });
    }
  }
  return counts;
}

it('docs/partners.md gives the count of cases per matcher', () => {
  const docs = readFileSync(resolve(__dirname, '../../docs/partners.md'), 'utf8');
  const counts = countsByMatcher();
  let refusedInAll = 0;
  for (const loaded of CASES) if (judge(loaded).outcome === 'refused') refusedInAll += 1;
  for (const [name, { cases, refused }] of counts) {
    const label = name === 'none' ? 'none \\(by value\\)' : `\`${name}\``;
    expect(docs).toMatch(
      new RegExp(`\\| ${label} +\\| ${cases} +\\| ${cases - refused} +\\| ${refused} +\\|`),
    );
  }
  expect(docs.replace(/\s+/g, ' ')).toContain(
    `Of all ${CASES.length} cases, it agrees with the specification on every one it does not refuse (${CASES.length - refusedInAll}), and refuses the ${refusedInAll}`,
  );
});
