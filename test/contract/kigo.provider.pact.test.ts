/**
 * Provider side of the Kigo contract: replays `contracts/partner-sandbox-example-integrator-kigo.json` against
 * the Kigo mock, in-process on an ephemeral port. States are set up through the sandbox's own control endpoint
 * `POST /__sandbox/provider-states`; the tokens it returns are injected into the requests by Pact.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { runInThisContext } from 'node:vm';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../mocks/runtime/app';
import type { JournalEntry } from '../../mocks/runtime/journal';
import { defaultSettingsOf } from '../../mocks/runtime/provider';
import { kigoProvider } from '../../mocks/kigo/provider';
import type { KigoState } from '../../mocks/kigo/state';
import { serve, type TestServer } from '../helpers/http-server';

process.env.PACT_DO_NOT_TRACK = 'true';
(runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';

const CONTRACT_FILE = resolve(__dirname, '../../contracts/partner-sandbox-example-integrator-kigo.json');

describe('Kigo provider verification (partner-sandbox-example-integrator contract)', () => {
  let sandbox: ProviderApp<KigoState>;
  let server: TestServer;
  const responseViolations: ResponseViolation[] = [];

  beforeAll(async () => {
    sandbox = createProviderApp(kigoProvider, {
      credentials: kigoProvider.defaultCredentials,
      settings: defaultSettingsOf(kigoProvider),
      onResponseViolation: (violation) => responseViolations.push(violation),
    });
    server = await serve(sandbox.app);
  });

  afterAll(async () => {
    await server?.close();
    expect(responseViolations).toEqual([]);
  });

  const viaControlEndpoint = (state: string) => async (params?: unknown) => {
    const response = await fetch(`${server.url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, params: params ?? {} }),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok)
      throw new Error(`provider state "${state}": ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  it('honours every interaction of the committed contract', async () => {
    const answered: JournalEntry[] = [];
    const states = ['a partner token exists', 'an account session exists', 'an expired partner token exists'];
    const options: VerifierOptions = {
      provider: 'kigo',
      providerBaseUrl: server.url,
      pactUrls: [CONTRACT_FILE],
      logLevel: 'warn',
      stateHandlers: {
        '': async () => undefined,
        ...Object.fromEntries(states.map((state) => [state, viaControlEndpoint(state)])),
      },
      beforeEach: async () => {
        sandbox.reset();
      },
      afterEach: async () => {
        answered.push(...sandbox.journal.list());
      },
    };
    await expect(new Verifier(options).verifyProvider()).resolves.toEqual(expect.any(String));
    const { interactions } = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')) as { interactions: unknown[] };
    expect(interactions).toHaveLength(5);
    expect(
      answered.map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`).sort(),
    ).toEqual([
      'createAccountSession 200 -',
      'createPartnerSession 200 -',
      'createSsoSession 401 KIGO_TOKEN_EXPIRED',
      'listTokens 200 -',
      'refreshAccountSession 200 -',
    ]);
  });
});
