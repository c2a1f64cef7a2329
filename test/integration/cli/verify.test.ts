/**
 * `partner-sandbox verify` over real HTTP: every provider of the registry that has a committed contract
 * passes it against its own sandbox (with a JUnit report); a deliberately broken server and an injected
 * fault fail it, each failure said in the table and the exit code; what verify cannot run exits 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import { main, type CliEnvironment } from '../../../mocks/cli/main';
import { verify } from '../../../mocks/cli/verify';
import { readContracts } from '../../../mocks/contract/pact-file';
import { replayContract } from '../../../mocks/contract/replay';
import { PROVIDERS } from '../../../mocks/registry';
import {
  defaultSettingsOf,
  type AnyProviderDefinition,
  type ClientAuth,
} from '../../../mocks/runtime/provider';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import { killLeftoverClis, runOnFreePort } from '../../helpers/cli-process';
import { portIsFree } from '../../helpers/free-port';
import { serve, type TestServer } from '../../helpers/http-server';
import { startTestSandbox, type RunningTestSandbox } from '../../helpers/sandbox';

const CONTRACTS = resolve(__dirname, '../../../contracts');
const BIN = resolve(__dirname, '../../../bin/partner-sandbox.js');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  argv: string[],
  options: { providers?: readonly AnyProviderDefinition[]; variables?: Record<string, string> } = {},
): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env: CliEnvironment = {
    providers: options.providers ?? PROVIDERS,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    variables: options.variables ?? {},
    stopSignal: () => Promise.resolve(),
  };
  const code = await main(argv, env);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'partner-sandbox-verify-')), name);

const contracted = PROVIDERS.filter((provider) =>
  readContracts(CONTRACTS).some((contract) => contract.provider === provider.name),
);

describe.each(contracted.map((provider) => [provider.name, provider] as const))(
  'partner-sandbox verify --provider %s against its own sandbox',
  (name, provider) => {
    it('passes every interaction twice in a row, never reset, and writes a JUnit report', async () => {
      const { url, server, sandbox, responseViolations } = await startTestSandbox(provider);
      try {
        const junit = tempFile('junit.xml');
        const interactions = readContracts(CONTRACTS)
          .filter((contract) => contract.provider === name)
          .flatMap((contract) => contract.interactions);
        for (const runNumber of [1, 2]) {
          const result = await run(['verify', '--provider', name, '--base-url', url, '--junit', junit]);
          expect([runNumber, result.stderr]).toEqual([runNumber, '']);
          expect(result.stdout).toContain(`${interactions.length} passed, 0 failed`);
          expect(result.stdout).not.toContain('FAIL');
          expect(result.code).toBe(0);
          const xml = readFileSync(junit, 'utf8');
          expect(xml).toContain(`<testsuites tests="${interactions.length}" failures="0" skipped="0"`);
          for (const interaction of interactions) expect(xml).toContain(`name="${interaction.description}"`);
          // The credentials signed the requests; they never reach the report.
          for (const value of Object.values(sandbox.credentials))
            if (!(provider.publicCredentials ?? []).some((field) => sandbox.credentials[field] === value))
              expect(result.stdout + xml).not.toContain(value);
        }
        expect(responseViolations).toEqual([]);
      } finally {
        await server.close();
      }
    });
  },
);

describe('partner-sandbox verify, run again by a verifier that never tears its states down', () => {
  it.each(contracted.map((provider) => [provider.name, provider] as const))(
    'passes the %s contract twice: setting a state again is safe',
    async (name, provider) => {
      const { url, server, sandbox } = await startTestSandbox(provider);
      try {
        for (const contract of readContracts(CONTRACTS).filter((c) => c.provider === name)) {
          for (const runNumber of [1, 2]) {
            const results = await replayContract({
              contract,
              baseUrl: url,
              stateUrl: `${url}/__sandbox/provider-states`,
              clientAuth: provider.clientAuth as ClientAuth,
              authContext: {
                credentials: sandbox.credentials,
                settings: defaultSettingsOf(provider),
                baseUrl: url,
                session: new Map(),
              },
              credentialHeaders: provider.sensitiveHeaders,
              teardown: false,
            });
            const failed = results.filter((result) => result.mismatches.length > 0);
            expect([runNumber, failed]).toEqual([runNumber, []]);
          }
        }
      } finally {
        await server.close();
      }
    },
  );
});

describe('partner-sandbox verify --contract, with Pact V4 pending', () => {
  const XCOVER_CONTRACT = join(CONTRACTS, 'partner-sandbox-example-integrator-xcover.json');
  let sandbox: RunningTestSandbox<unknown>;
  beforeAll(async () => {
    sandbox = (await startTestSandbox(xcoverProvider)) as RunningTestSandbox<unknown>;
  });
  afterAll(() => sandbox.server.close());

  /** The XCover contract with its quote interaction expecting 418, marked pending where `pending` says. */
  function brokenContract(pending: { interaction?: boolean; pact?: boolean }): string {
    const contract = JSON.parse(readFileSync(XCOVER_CONTRACT, 'utf8')) as {
      pending?: boolean;
      interactions: { description: string; pending?: boolean; response: { status: number } }[];
    };
    const quote = contract.interactions.find((i) => i.description.includes('create a quote package'));
    if (!quote) throw new Error('the contract has no quote interaction');
    quote.response.status = 418;
    if (pending.interaction) quote.pending = true;
    if (pending.pact) contract.pending = true;
    const file = tempFile('consumer-xcover.json');
    writeFileSync(file, JSON.stringify(contract));
    return file;
  }

  const verifyContract = (contract: string, junit = tempFile('junit.xml')) =>
    run([
      'verify',
      '--provider',
      'xcover',
      '--base-url',
      sandbox.url,
      '--contract',
      contract,
      '--junit',
      junit,
    ]);

  it.each([
    ['an interaction', { interaction: true }],
    ['the whole pact', { pact: true }],
  ])('reports a failing pending %s as pending, exit 0, JUnit skipped with the reason', async (_, pending) => {
    const junit = tempFile('junit.xml');
    const result = await verifyContract(brokenContract(pending), junit);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /PENDING +POST \/x\/partners\/LLODT\/quotes\/ +a signed request to create a quote/,
    );
    expect(result.stdout).toContain('5 passed, 0 failed, 1 pending');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('failures="0" skipped="1"');
    expect(xml).toContain('<skipped message="pending: expected 418, got 201">');
  });

  it('fails the same contract without pending: exit 1', async () => {
    const result = await verifyContract(brokenContract({}));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('5 passed, 1 failed');
    expect(result.stdout).toContain('status: expected 418, got 201');
  });

  it("reads a directory's contracts for the provider only, whatever another provider's contract uses", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partner-sandbox-contracts-'));
    writeFileSync(join(dir, 'xcover.json'), readFileSync(XCOVER_CONTRACT));
    const other = JSON.parse(
      readFileSync(join(CONTRACTS, 'partner-sandbox-example-integrator-kasko.json'), 'utf8'),
    ) as { interactions: { response: { matchingRules?: Record<string, unknown> } }[] };
    for (const interaction of other.interactions)
      interaction.response.matchingRules = { body: { $: { matchers: [{ match: 'arrayContains' }] } } };
    writeFileSync(join(dir, 'kasko.json'), JSON.stringify(other));
    const result = await verifyContract(dir);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toContain('6 passed, 0 failed');
  });

  it('refuses a contract for another provider, exit 2', async () => {
    const result = await verifyContract(join(CONTRACTS, 'partner-sandbox-example-integrator-kasko.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no contract for provider "xcover"');
  });
});

describe('partner-sandbox verify against servers that break the contract', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  it('fails an interaction whose answer an injected fault replaces, and says why', async () => {
    const started = await startTestSandbox(xcoverProvider);
    server = started.server;
    await fetch(`${started.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationId: 'createQuote', status: 503 }),
    });
    const junit = tempFile('junit.xml');
    const result = await run(['verify', '--provider', 'xcover', '--base-url', started.url, '--junit', junit]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL +POST \/x\/partners\/LLODT\/quotes\/ +a signed request to create a quote/,
    );
    expect(result.stdout).toContain('status: expected 201, got 503');
    expect(result.stdout).toMatch(/\b1 failed\b/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<failure message="expected 201, got 503" type="mismatch">');
  });

  it('fails every interaction of a server that answers wrongly, each with its reason', async () => {
    const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];
    const app = express();
    app.use(express.text({ type: '*/*' }));
    // The state endpoint knows the states but answers none of the ids the contract needs.
    app.post('/__sandbox/provider-states', (req, res) => {
      const { state } = JSON.parse(req.body as string) as { state: string };
      if (state.includes('cancellation')) return void res.status(400).json({ error: 'no such state' });
      res.json({});
    });
    app.use((req, res) => {
      seen.push({ path: req.path, headers: req.headers, body: req.body as string });
      if (req.path.endsWith('/quotes/'))
        return void res.status(201).json({ id: 'not-an-id', status: 'RECEIVED', quotes: {} });
      if (req.path.endsWith('/instant_booking/')) return void res.status(200).type('text/plain').send('ok');
      res.status(404).json({ error: 'not found' });
    });
    server = await serve(app);
    const result = await run(['verify', '--provider', 'xcover', '--base-url', server.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('0 passed, 6 failed');
    expect(result.stdout).toContain(
      `$.id: expected a value matching /^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$/, got "not-an-id"`,
    );
    expect(result.stdout).toContain('$.currency: missing');
    expect(result.stdout).toContain("$.quotes['0']: missing");
    expect(result.stdout).toContain(
      'header Content-Type: expected "application/json", got "text/plain; charset=utf-8"',
    );
    expect(result.stdout).toContain('request: the provider states answered no "quote_id"');
    expect(result.stdout).toContain(
      'state "a booking with a previewed cancellation exists": the state endpoint answered 400',
    );
    // The requests it did get were signed afresh, not replayed with the contract's stale example signature.
    const quote = seen.find((request) => request.path.endsWith('/quotes/'));
    expect(quote?.headers.authorization).toMatch(/^Signature keyId="xcover_test_api_key"/);
    expect(quote?.headers.date).not.toBe('Mon, 15 Jan 2024 09:30:00 GMT');
  });

  it('says so when nothing answers at the base URL', async () => {
    const closed = await serve(express());
    await closed.close();
    const result = await run(['verify', '--provider', 'xcover', '--base-url', closed.url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('ECONNREFUSED');
  });
});

describe('the partner-sandbox verify process', () => {
  /** The compiled executable, as a CI script runs it (`npm test` builds it first). */
  const verifyProcess = (baseUrl: string) =>
    new Promise<{ code: number | null; stdout: string }>((done) => {
      execFile(
        process.execPath,
        [BIN, 'verify', '--provider', 'xcover', '--base-url', baseUrl],
        (error, stdout) => done({ code: error ? (error.code as number) : 0, stdout }),
      );
    });

  it('exits 0 against the sandbox and 1 against a server that breaks the contract', async () => {
    const { url, server } = await startTestSandbox(xcoverProvider);
    try {
      const passed = await verifyProcess(url);
      expect(passed.stdout).toContain('6 passed, 0 failed');
      expect(passed.code).toBe(0);
      await fetch(`${url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ operationId: 'instantBooking', status: 500, times: 10 }),
      });
      const failed = await verifyProcess(url);
      expect(failed.stdout).toContain('status: expected 200, got 500');
      expect(failed.code).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("docs/partners.md's way: partner-sandbox run -- partner-sandbox verify", () => {
  afterEach(killLeftoverClis);

  it("starts the sandbox, verifies, stops it, and exits with verify's code", async () => {
    // `run` gives the command the sandbox's URL (the docs' snippet names the default port instead).
    const verifyCommand = `"${process.execPath}" "${BIN}" verify --provider xcover --base-url "$XCOVER_URL"`;
    const { port, cli } = await runOnFreePort(['sh', '-c', verifyCommand], ['--quiet']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toContain('6 passed, 0 failed');
    expect(await portIsFree(port)).toBe(true);
  });
});

describe('partner-sandbox verify refusing to run', () => {
  it('refuses a provider without client authentication in one line, exit 2', async () => {
    const { clientAuth: _, ...unsigned } = xcoverProvider;
    const result = await run(['verify', '--provider', 'xcover', '--base-url', 'http://127.0.0.1:9'], {
      providers: [unsigned],
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'partner-sandbox: verify: provider "xcover" defines no client authentication (clientAuth), so its requests cannot be signed',
    ]);
  });

  it('refuses a contract using a matcher it does not implement, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'partner-sandbox-contracts-'));
    const contract = JSON.parse(
      readFileSync(join(CONTRACTS, 'partner-sandbox-example-integrator-xcover.json'), 'utf8'),
    ) as { interactions: { response: { matchingRules?: { body?: Record<string, unknown> } } }[] };
    const first = contract.interactions[0]?.response as { matchingRules: { body: Record<string, unknown> } };
    first.matchingRules.body['$.id'] = { combine: 'AND', matchers: [{ match: 'datetime' }] };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(contract));
    const stderr: string[] = [];
    const code = await verify(
      new Map([
        ['provider', 'xcover'],
        ['base-url', 'http://127.0.0.1:9'],
      ]),
      {
        providers: PROVIDERS,
        stdout: () => undefined,
        stderr: (text) => stderr.push(text),
        stopSignal: async () => undefined,
      },
      dir,
    );
    expect(code).toBe(2);
    expect(stderr.join('')).toMatch(/unsupported matcher "datetime" at body \$\.id/);
  });

  it('refuses bad flags with the usage, exit 2', async () => {
    expect((await run(['verify', '--base-url', 'http://127.0.0.1:9'])).stderr).toContain(
      'verify needs --provider',
    );
    expect((await run(['verify', '--provider', 'nobody', '--base-url', 'http://x'])).code).toBe(2);
    expect((await run(['verify', '--provider', 'xcover', '--base-url', 'ftp://x'])).stderr).toContain(
      '--base-url must be an http(s) URL',
    );
  });

  it('explains itself with --help', async () => {
    const result = await run(['verify', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('/__sandbox/provider-states');
    expect(result.stdout).toContain('XCOVER_API_KEY');
  });
});
