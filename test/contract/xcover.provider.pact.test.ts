/**
 * Provider side of the XCover contract: replays `contracts/partner-sandbox-example-integrator-xcover.json`
 * (written by `xcover.consumer.pact.test.ts`) against the XCover mock, started in-process on an ephemeral
 * port. Provider states are set up the way a partner would drive a running sandbox: through its own
 * control endpoint `POST /__sandbox/provider-states`, whose answer (ids) Pact injects into the requests.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { RequestHandler } from 'express';
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../mocks/runtime/app';
import type { JournalEntry } from '../../mocks/runtime/journal';
import { defaultSettingsOf } from '../../mocks/runtime/provider';
import { xcoverProvider } from '../../mocks/xcover/provider';
import type { XCoverState } from '../../mocks/xcover/state';
import { signXCoverRequest } from '../../src/xcover/signature';
import { serve, type TestServer } from '../helpers/http-server';

// Pact's native core (which would send the usage event) reads the real environment, and Jest gives each
// test file a copy of process.env: set it in both.
process.env.PACT_DO_NOT_TRACK = 'true';
(runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';

const CONTRACT_FILE = resolve(__dirname, '../../contracts/partner-sandbox-example-integrator-xcover.json');
const KEY = { apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' };
const IDEMPOTENT_RETRY_STATE = 'an instant booking was made with idempotency key';

type JsonMap = Record<string, unknown>;

interface ContractInteraction {
  readonly description: string;
  readonly providerStates?: readonly { readonly name: string; readonly params?: JsonMap }[];
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly headers?: Record<string, string[]>;
    readonly body?: { readonly content: unknown };
  };
}

/**
 * Signs each replayed request afresh, as the consumer's client does: the contract holds only example
 * signature headers (matched by format), and XCover's signature covers the Date (and optionally the request
 * target), not the body. Runs after the verification proxy's JSON body parser; the path is the one actually
 * sent (provider-state values already injected).
 */
const signReplayedRequest: RequestHandler = (req, _res, next) => {
  const { pathname } = new URL(req.originalUrl, 'http://verifier.invalid');
  const signed = signXCoverRequest({ method: req.method, path: pathname }, KEY);
  req.headers.date = signed.date;
  req.headers.authorization = signed.authorization;
  if (signed['x-api-key'] !== undefined) req.headers['x-api-key'] = signed['x-api-key'];
  next();
};

describe('XCover provider verification (partner-sandbox-example-integrator contract)', () => {
  let sandbox: ProviderApp<XCoverState>;
  let server: TestServer;
  /** What the mock answered the contract's requests must also fit the spec's response schemas. */
  const responseViolations: ResponseViolation[] = [];

  beforeAll(async () => {
    sandbox = createProviderApp(xcoverProvider, {
      credentials: xcoverProvider.defaultCredentials,
      settings: defaultSettingsOf(xcoverProvider),
      onResponseViolation: (violation) => responseViolations.push(violation),
    });
    server = await serve(sandbox.app);
  });

  afterAll(async () => {
    await server?.close();
    expect(responseViolations).toEqual([]);
  });

  const contract = (): readonly ContractInteraction[] =>
    (JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')) as { interactions: ContractInteraction[] }).interactions;

  /** Sets up a named state through the sandbox's control endpoint and returns its answer (ids). */
  async function sandboxState(state: string, params: unknown): Promise<JsonMap> {
    const response = await fetch(`${server.url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, params: params ?? {} }),
    });
    const answer = (await response.json()) as JsonMap;
    if (!response.ok)
      throw new Error(`provider state "${state}": ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /**
   * 'an instant booking was made with idempotency key': idempotency lives in the runtime (IdempotencyStore,
   * keyed by the key and a fingerprint of method, path and the raw body bytes), not in the provider's state,
   * so no control-endpoint state can seed it honestly. Instead this handler makes the original request
   * itself: a real signed POST with the same key, method, path and body as the interaction under test, so
   * that the interaction's request is a genuine retry. The verification proxy forwards
   * `JSON.stringify(parsedBody)`, so the body string is produced the same way from the contract's body.
   */
  async function originalIdempotentRequest(params: unknown): Promise<JsonMap> {
    const key = (params as { key?: unknown } | undefined)?.key;
    if (typeof key !== 'string') throw new Error(`${IDEMPOTENT_RETRY_STATE}: params.key must be a string`);
    const retry = contract().find((interaction) =>
      interaction.providerStates?.some(
        (state) => state.name === IDEMPOTENT_RETRY_STATE && state.params?.key === key,
      ),
    );
    if (!retry) throw new Error(`${IDEMPOTENT_RETRY_STATE}: no interaction in the contract uses key ${key}`);
    const { method, path } = retry.request;
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-idempotency-key': key,
        ...signXCoverRequest({ method, path }, KEY),
      },
      body: JSON.stringify(retry.request.body?.content),
    });
    const original = (await response.json()) as JsonMap;
    if (response.status !== 200) {
      throw new Error(
        `${IDEMPOTENT_RETRY_STATE}: original request got ${response.status} ${JSON.stringify(original)}`,
      );
    }
    return { quote_package_id: original.id };
  }

  const viaControlEndpoint = (state: string) => (params?: unknown) => sandboxState(state, params);

  const stateHandlers: NonNullable<VerifierOptions['stateHandlers']> = {
    // Interactions without a state: the `beforeEach` reset is all they need (Pact calls this with '').
    '': async () => undefined,
    'a quote package exists': viaControlEndpoint('a quote package exists'),
    'a confirmed booking exists': viaControlEndpoint('a confirmed booking exists'),
    'a booking with a previewed cancellation exists': viaControlEndpoint(
      'a booking with a previewed cancellation exists',
    ),
    [IDEMPOTENT_RETRY_STATE]: originalIdempotentRequest,
  };

  /** What the sandbox answered to each interaction, collected before the next reset. */
  let answered: JournalEntry[] = [];

  const options = (): VerifierOptions => ({
    provider: 'xcover',
    providerBaseUrl: server.url,
    pactUrls: [CONTRACT_FILE],
    logLevel: 'warn',
    stateHandlers,
    // A fresh sandbox (state, idempotency keys, journal, clock) for every interaction, stateless ones included.
    beforeEach: async () => {
      sandbox.reset();
    },
    afterEach: async () => {
      answered.push(...sandbox.journal.list());
    },
  });

  it('honours every interaction of the committed contract', async () => {
    answered = [];
    await expect(
      new Verifier({ ...options(), requestFilter: signReplayedRequest }).verifyProvider(),
    ).resolves.toEqual(expect.any(String));
    expect(contract()).toHaveLength(6);
    // Each interaction reached its handler; the retry was answered from the idempotency store.
    expect(
      answered.map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`).sort(),
    ).toEqual([
      'cancelBooking 200 -',
      'confirmCancellation 200 -',
      'createBooking 200 -',
      'createQuote 201 -',
      'instantBooking 200 -', // the first instant booking interaction
      'instantBooking 200 -', // the original request made by the retry's provider state
      'instantBooking 409 XCOVER_IDEMPOTENT_REPLAY',
    ]);
  });

  it('fails when the replayed requests are not signed afresh (the signature check is live)', async () => {
    answered = [];
    await expect(new Verifier(options()).verifyProvider()).rejects.toBeDefined();
    // The contract's example signatures are for a past Date: the mock refuses every replay as stale. The one
    // request it accepts is the retry state's own freshly signed original.
    const refused = answered.filter((entry) => entry.status === 401);
    expect(refused).toHaveLength(6);
    expect(new Set(refused.map((entry) => entry.reason))).toEqual(new Set(['XCOVER_DATE_STALE']));
    expect(answered.filter((entry) => entry.status !== 401).map((entry) => entry.operationId)).toEqual([
      'instantBooking',
    ]);
  });
});
