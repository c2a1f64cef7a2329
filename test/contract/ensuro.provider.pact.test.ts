/**
 * Provider side of the Ensuro contract: replays `contracts/partner-sandbox-example-integrator-ensuro.json`
 * (written by `ensuro.consumer.pact.test.ts`) against the Ensuro mock, started in-process on an ephemeral port.
 * Provider states are set up through the sandbox's own control endpoint `POST /__sandbox/provider-states`, whose
 * answer (the policy's `ensuro_id`, an expiration) Pact injects into the request bodies.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { RequestHandler } from 'express';
import { ensuroProvider } from '../../mocks/ensuro/provider';
import type { EnsuroState } from '../../mocks/ensuro/state';
import { createProviderApp, type ProviderApp, type ResponseViolation } from '../../mocks/runtime/app';
import type { JournalEntry } from '../../mocks/runtime/journal';
import { defaultSettingsOf } from '../../mocks/runtime/provider';
import { EIP191_HEADER, HMAC_HEADER, type EnsuroBodySigning } from '../../src/ensuro/body-signer';
import { ensuroAuthHeaders } from '../../src/ensuro/request-auth';
import { serve, type TestServer } from '../helpers/http-server';

// Pact's native core (which would send the usage event) reads the real environment, and Jest gives each
// test file a copy of process.env: set it in both.
process.env.PACT_DO_NOT_TRACK = 'true';
(runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';

const CONTRACT_FILE = resolve(__dirname, '../../contracts/partner-sandbox-example-integrator-ensuro.json');
const CREDENTIALS = ensuroProvider.defaultCredentials as Readonly<Record<string, string>>;
const SIGNING: Readonly<Record<string, EnsuroBodySigning>> = {
  [EIP191_HEADER.toLowerCase()]: { method: 'eip191', privateKey: CREDENTIALS.signerPrivateKey as string },
  [HMAC_HEADER.toLowerCase()]: { method: 'hmac', secret: CREDENTIALS.hmacSecret as string },
};

type JsonMap = Record<string, unknown>;

/**
 * Signs each replayed API request afresh, with the method the contract's example header names: the verifier
 * sends the contract's body with the provider-state values filled in (and its own key order), so the example
 * signature covers other bytes. The verification proxy has parsed the JSON body and forwards
 * `JSON.stringify` of it, or a Buffer as it is: the body is set to the very bytes signed.
 */
const signReplayedRequest: RequestHandler = (req, _res, next) => {
  const { pathname } = new URL(req.originalUrl, 'http://verifier.invalid');
  if (!pathname.startsWith('/api/v0/')) return next();
  const body =
    req.body === undefined || Buffer.isBuffer(req.body) ? req.body : Buffer.from(JSON.stringify(req.body));
  const header = Object.keys(SIGNING).find((name) => req.headers[name] !== undefined);
  for (const name of Object.keys(SIGNING)) delete req.headers[name];
  const signing = SIGNING[header ?? HMAC_HEADER.toLowerCase()] as EnsuroBodySigning;
  const signed = ensuroAuthHeaders(
    { method: req.method, path: pathname, body },
    CREDENTIALS.apiKey as string,
    signing,
  );
  for (const [name, value] of Object.entries(signed)) req.headers[name.toLowerCase()] = value;
  if (Buffer.isBuffer(body)) {
    req.body = body;
    req.headers['content-length'] = String(body.length);
  }
  next();
};

describe('Ensuro provider verification (partner-sandbox-example-integrator contract)', () => {
  let sandbox: ProviderApp<EnsuroState>;
  let server: TestServer;
  /** What the mock answered the contract's requests must also fit the spec's response schemas. */
  const responseViolations: ResponseViolation[] = [];

  beforeAll(async () => {
    sandbox = createProviderApp(ensuroProvider, {
      credentials: ensuroProvider.defaultCredentials,
      settings: defaultSettingsOf(ensuroProvider),
      onResponseViolation: (violation) => responseViolations.push(violation),
    });
    server = await serve(sandbox.app);
  });

  afterAll(async () => {
    await server?.close();
    expect(responseViolations).toEqual([]);
  });

  const contract = (): readonly { providerStates?: readonly { name: string }[] }[] =>
    (JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')) as { interactions: [] }).interactions;

  /** Sets up a named state through the sandbox's control endpoint and returns its answer. */
  const viaControlEndpoint = (state: string) => async (params?: unknown) => {
    const response = await fetch(`${server.url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state, params: params ?? {} }),
    });
    const answer = (await response.json()) as JsonMap;
    if (!response.ok)
      throw new Error(`provider state "${state}": ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };

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
    provider: 'ensuro',
    providerBaseUrl: server.url,
    pactUrls: [CONTRACT_FILE],
    logLevel: 'warn',
    stateHandlers,
    beforeEach: async () => {
      sandbox.reset();
    },
    afterEach: async () => {
      answered.push(...sandbox.journal.list());
    },
  });

  const summary = () =>
    answered.map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`).sort();

  it('honours every interaction of the committed contract', async () => {
    answered = [];
    await expect(
      new Verifier({ ...options(), requestFilter: signReplayedRequest }).verifyProvider(),
    ).resolves.toEqual(expect.any(String));
    expect(contract()).toHaveLength(6);
    // The state's own policy creation goes through the handler, not HTTP: one journal entry per interaction.
    expect(summary()).toEqual([
      'cancelPolicy 200 -',
      'createQuote 200 -',
      'newPolicy 200 -',
      'newPolicy 200 -',
      'replacePolicy 200 -',
      'resolvePolicy 200 -',
    ]);
  });

  it('fails when the bodies are not signed afresh (the signature covers the bytes sent)', async () => {
    answered = [];
    await expect(new Verifier(options()).verifyProvider()).rejects.toBeDefined();
    // Only the quote (no body signature) passes: every policy body had state values filled in after its example
    // was signed, so an EIP-191 signature recovers to another address and an HMAC does not match.
    expect(summary()).toEqual([
      'cancelPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'createQuote 200 -',
      'newPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'newPolicy 400 ENSURO_HMAC_MISMATCH',
      'replacePolicy 400 ENSURO_HMAC_MISMATCH',
      'resolvePolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    ]);
  });
});
