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

  const viaControlEndpoint = (state: string) => (params?: unknown) => sandboxState(state, params);

  /** Every state the contract names, set through the control endpoint (as `partner-sandbox verify` does). */
  const stateHandlers: NonNullable<VerifierOptions['stateHandlers']> = {
    // Interactions without a state: the `beforeEach` reset is all they need (Pact calls this with '').
    '': async () => undefined,
    ...Object.fromEntries(
      contract()
        .flatMap((interaction) => interaction.providerStates ?? [])
        .map((state) => [state.name, viaControlEndpoint(state.name)]),
    ),
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
      'instantBooking 409 XCOVER_IDEMPOTENT_REPLAY', // the retry of the booking its state made
    ]);
  });

  it('fails when the replayed requests are not signed afresh (the signature check is live)', async () => {
    answered = [];
    await expect(new Verifier(options()).verifyProvider()).rejects.toBeDefined();
    // The contract's example signatures are for a past Date: the mock refuses every replay as stale.
    expect(answered).toHaveLength(6);
    expect(new Set(answered.map((entry) => `${entry.status} ${entry.reason}`))).toEqual(
      new Set(['401 XCOVER_DATE_STALE']),
    );
  });
});
