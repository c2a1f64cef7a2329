/**
 * Provider side of the KASKO contract: replays `contracts/partner-sandbox-example-integrator-kasko.json`
 * (written by `kasko.consumer.pact.test.ts`) against the KASKO mock, started in-process. Provider states are
 * set up as a partner would drive a running sandbox, through `POST /__sandbox/provider-states`, whose answer
 * (ids, tokens, the policy's ETag) Pact injects into the requests.
 */
import { resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { RequestHandler } from 'express';
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../mocks/runtime/app';
import type { JournalEntry } from '../../mocks/runtime/journal';
import { defaultSettingsOf } from '../../mocks/runtime/provider';
import { kaskoProvider } from '../../mocks/kasko/provider';
import type { KaskoState } from '../../mocks/kasko/state';
import { kaskoBasicAuthorization } from '../../src/kasko/auth-headers';
import { serve, type TestServer } from '../helpers/http-server';

process.env.PACT_DO_NOT_TRACK = 'true';
(runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';

const CONTRACT_FILE = resolve(__dirname, '../../contracts/partner-sandbox-example-integrator-kasko.json');
const STATES = ['a quote exists', 'an offer exists', 'a paid policy exists'] as const;

describe('KASKO provider verification (partner-sandbox-example-integrator contract)', () => {
  let sandbox: ProviderApp<KaskoState>;
  let server: TestServer;
  const responseViolations: ResponseViolation[] = [];

  beforeAll(async () => {
    sandbox = createProviderApp(kaskoProvider, {
      credentials: kaskoProvider.defaultCredentials,
      settings: defaultSettingsOf(kaskoProvider),
      onResponseViolation: (violation) => responseViolations.push(violation),
    });
    server = await serve(sandbox.app);
  });

  afterAll(async () => {
    await server?.close();
    expect(responseViolations).toEqual([]);
  });

  async function sandboxState(state: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${server.url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, params: {} }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`provider state "${state}": ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  let answered: JournalEntry[] = [];
  const options = (): VerifierOptions => ({
    provider: 'kasko',
    providerBaseUrl: server.url,
    pactUrls: [CONTRACT_FILE],
    logLevel: 'warn',
    stateHandlers: {
      '': async () => undefined,
      ...Object.fromEntries(STATES.map((state) => [state, () => sandboxState(state)])),
    },
    beforeEach: async () => {
      sandbox.reset();
    },
    afterEach: async () => {
      answered.push(...sandbox.journal.list());
    },
  });

  it('honours every interaction of the committed contract', async () => {
    answered = [];
    await expect(new Verifier(options()).verifyProvider()).resolves.toEqual(expect.any(String));
    expect(answered.map((entry) => `${entry.operationId} ${entry.status}`).sort()).toEqual([
      'cancelPolicy 200',
      'createOffer 201',
      'createPayment 201',
      'createQuote 200',
      'getPolicy 200',
      'updatePolicy 200',
    ]);
  });

  it('fails when the requests carry another account’s key (the key check is live)', async () => {
    answered = [];
    const otherKey: RequestHandler = (req, _res, next) => {
      req.headers.authorization = kaskoBasicAuthorization('sk_test_notAnAccount');
      next();
    };
    await expect(
      new Verifier({ ...options(), requestFilter: otherKey }).verifyProvider(),
    ).rejects.toBeDefined();
    expect(new Set(answered.map((entry) => entry.reason))).toEqual(new Set(['KASKO_KEY_UNKNOWN']));
  });
});
