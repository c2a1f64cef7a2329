/**
 * XCover conformance replay: every fixture in ./fixtures (recorded staging traffic, see ./fixture.ts) is
 * replayed against the in-process XCover mock, one test per fixture, from a freshly reset sandbox. Each
 * exchange is sent with its `{{variables}}` filled in, signed again on the sandbox clock (set to the time
 * the request was recorded), and must come back with the recorded status and a body of the recorded shape
 * (every recorded field present with the recorded type, a field recorded as `null` either `null` or of the
 * type the spec gives it; values free to differ).
 *
 * A mismatch is a fidelity finding to fix in the mock or the spec, never a reason to edit a fixture
 * (fixtures are regenerated from the cassettes, see ./import-recordings.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createProviderApp, type ResponseViolation } from '../../../mocks/runtime/app';
import { defaultSettingsOf } from '../../../mocks/runtime/provider';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import { signXCoverRequest } from '../../../src/xcover/signature';
import { serve, type TestServer } from '../../helpers/http-server';
import { loadSpec } from '../../../mocks/runtime/spec';
import { matchShape } from '../shape';
import { recordedNullCheck } from '../spec-types';
import { substitute, substituteBody, valueAt } from '../variables';
import type { ConformanceExchange, ConformanceFixture } from './fixture';

const fixturesDir = path.join(__dirname, 'fixtures');
const fixtureNames = readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => file.replace(/\.json$/, ''));

const credentials = xcoverProvider.defaultCredentials;
const signingKey = { apiKey: String(credentials.apiKey), apiSecret: String(credentials.apiSecret) };
/** The recordings' partner (XCover's staging test partner), which is also the sandbox's default one. */
const PARTNER_CODE = String(credentials.partnerCode);

type Variables = Map<string, string>;

const SPEC = loadSpec(xcoverProvider.specPath);

let server: TestServer;
/** Answers that broke the spec's response schemas: the recorded shapes and the spec must agree too. */
const responseViolations: ResponseViolation[] = [];

beforeAll(async () => {
  const sandbox = createProviderApp(xcoverProvider, {
    credentials,
    settings: defaultSettingsOf(xcoverProvider),
    onResponseViolation: (violation) => responseViolations.push(violation),
  });
  server = await serve(sandbox.app);
});

afterEach(() => {
  expect(responseViolations.splice(0)).toEqual([]);
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  await control('POST', '/__sandbox/reset');
});

/** A call to the sandbox's control surface; anything but 2xx fails the test with the answer. */
async function control(method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} -> ${response.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Freezes the sandbox clock at `iso` and returns the clock's now, which requests are then signed with. */
async function setClock(iso: string): Promise<Date> {
  const answer = (await control('POST', '/__sandbox/clock', { now: iso })) as { now: string };
  return new Date(answer.now);
}

async function providerState(
  state: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return (await control('POST', '/__sandbox/provider-states', { state, params })) as Record<string, unknown>;
}

function loadFixture(name: string): ConformanceFixture {
  return JSON.parse(readFileSync(path.join(fixturesDir, `${name}.json`), 'utf8')) as ConformanceFixture;
}

/**
 * Replays one exchange; returns the problems found (empty = conforms). `fatal` means the following
 * exchanges cannot be meaningful (wrong status or a variable that could not be captured).
 */
async function replayExchange(
  exchange: ConformanceExchange,
  vars: Variables,
  where: string,
): Promise<{ problems: string[]; fatal: boolean }> {
  if (exchange.recordedAt === null) throw new Error(`${where}: the recorded request has no date`);
  const now = await setClock(exchange.recordedAt);
  const pathname = substitute(exchange.path, vars, where);
  const query = substitute(exchange.query, vars, where);
  const body =
    exchange.body === null ? undefined : JSON.stringify(substituteBody(exchange.body, vars, where));
  const headers: Record<string, string> = {
    ...exchange.headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  // Signed as the official Python SDK that recorded the traffic signs: (request-target) and date, no X-Api-Key.
  const signed = signXCoverRequest({ method: exchange.method, path: pathname, headers }, signingKey, {
    date: now,
    signedHeaders: ['(request-target)', 'date'],
    sendApiKey: false,
  });
  const url = `${server.url}${pathname}${query === '' ? '' : `?${query}`}`;
  const response = await fetch(url, {
    method: exchange.method,
    headers: { ...headers, ...signed },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const label = `${where}: ${exchange.method} ${pathname}${query === '' ? '' : `?${query}`}`;
  if (response.status !== exchange.status) {
    return {
      problems: [
        `${label}: status ${response.status}, recorded ${exchange.status}; body: ${text.slice(0, 600)}`,
      ],
      fatal: true,
    };
  }
  if (exchange.shape === null) {
    return {
      problems: text === '' ? [] : [`${label}: recorded an empty body, got ${text.slice(0, 200)}`],
      fatal: false,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    return { problems: [`${label}: body is not JSON: ${text.slice(0, 200)}`], fatal: true };
  }
  const checkNull = recordedNullCheck(SPEC, exchange.method, pathname, exchange.status);
  const problems = matchShape(exchange.shape, json, '$', checkNull).map((line) => `${label}: ${line}`);
  let fatal = false;
  for (const [name, dotted] of Object.entries(exchange.capture)) {
    const value = valueAt(json, dotted);
    if (typeof value === 'string') vars.set(name, value);
    else {
      problems.push(`${label}: cannot capture {{${name}}} from ${dotted} (got ${JSON.stringify(value)})`);
      fatal = true;
    }
  }
  return { problems, fatal };
}

/**
 * Puts the sandbox where the recording started. The clock is set to the first exchange's time first, so
 * whatever is created is dated as it would have been then.
 */
async function prepare(fixture: ConformanceFixture, vars: Variables): Promise<void> {
  const first = fixture.exchanges[0]?.recordedAt;
  if (first) await setClock(first);

  // `requires`: ids the recording used before any exchange created them (test_get_quote reads a package
  // made outside the cassette). Create them through the mock's own provider state and bind the variables.
  if (fixture.requires.length > 0) {
    const created = await providerState('a quote package exists');
    for (const name of fixture.requires) {
      const value = created[name];
      if (typeof value !== 'string')
        throw new Error(`${fixture.name}: provider state "a quote package exists" gives no ${name}`);
      vars.set(name, value);
    }
  }

  switch (fixture.name) {
    case 'test_list_bookings':
      // Recorded at limit=1&offset=1 with both `next` and `previous` as URLs: that takes a booking before
      // and one after the page, so at least three bookings must exist (staging had plenty). The booking
      // on the recorded page has a policyholder region and an insured person (types the shape records),
      // so the seeded ones are booked with those too.
      for (let i = 0; i < 3; i++) {
        await providerState('a confirmed booking exists', {
          policyholder: { region: 'London' },
          insured: [{ first_name: 'John', last_name: 'Bon Jovi', email: 'john.bon.jovi@gmail.com', age: 30 }],
        });
      }
      break;
    case 'test_auto_retry':
      // Staging's gateway answered the SDK's instant booking (and its two retries) with 502 and `{}`: a
      // fault in front of XCover, which the sandbox reproduces with fault injection, not in its handlers.
      await control('POST', '/__sandbox/faults', { operationId: 'instantBooking', status: 502, times: 3 });
      break;
    default:
      break;
  }
}

test.each(fixtureNames)('%s replays against the XCover mock', async (name) => {
  const fixture = loadFixture(name);
  // Everything except partner_code comes from `requires` (see prepare) or from earlier responses
  // (`capture`), including ids captured by position: test_add_quotes captures the added quote at
  // quotes.0 because XCover puts new quotes first, which the mock must do too.
  const vars: Variables = new Map([['partner_code', PARTNER_CODE]]);
  await prepare(fixture, vars);
  const problems: string[] = [];
  for (const [index, exchange] of fixture.exchanges.entries()) {
    const outcome = await replayExchange(exchange, vars, `${name} exchange ${index}`);
    problems.push(...outcome.problems);
    if (outcome.fatal) break;
  }
  if (problems.length > 0) {
    throw new Error(`${name} does not match its recording:\n  ${problems.join('\n  ')}`);
  }
});
