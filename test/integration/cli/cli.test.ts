import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliEnvironment } from '../../../mocks/cli/main';
import { PROVIDERS, portOffsetOf } from '../../../mocks/registry';
import type { RunningSandbox } from '../../../mocks/runtime/server';
import { freePort } from '../../helpers/free-port';

interface Run {
  readonly code: Promise<number>;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with the servers once they are up (never, when the start fails). */
  readonly started: Promise<RunningSandbox>;
  stop(): void;
}

/** Runs the CLI in process, as `partner-sandbox <argv>`, with its output captured and its stop in our hands. */
function run(argv: string[], variables: Record<string, string> = {}): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop: () => void = () => undefined;
  let onStarted: (sandbox: RunningSandbox) => void = () => undefined;
  const started = new Promise<RunningSandbox>((resolve) => (onStarted = resolve));
  const env: CliEnvironment = {
    providers: PROVIDERS,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    variables,
    stopSignal: () => new Promise((resolve) => (stop = resolve)),
    onStarted,
  };
  return { code: main(argv, env), stdout, stderr, started, stop: () => stop() };
}

function configFile(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'partner-sandbox-config-')), 'config.json');
  writeFileSync(path, content);
  return path;
}

const XCOVER_OFFSET = portOffsetOf('xcover');

describe('partner-sandbox credentials', () => {
  it('prints the built-in test credentials as JSON in the interface shape', async () => {
    const cli = run(['credentials', '--json']);
    expect(await cli.code).toBe(0);
    // One entry per provider built; each in the interface's shape.
    expect(JSON.parse(cli.stdout.join(''))).toMatchObject({
      kigo: { apiKey: 'kigo_test_api_key', partnerId: 'kigo-test-partner' },
      xcover: { partnerCode: 'LLODT', apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' },
      kasko: { secretKey: expect.stringMatching(/^sk_test_/), productKey: expect.any(String) },
    });
  });

  it('lists each provider’s further principals beside its credentials, from the config file too', async () => {
    const member = {
      email: 'dev@merchant.example',
      role: 'developer',
      secretKey: '0123456789abcdef$0123456789abcdef',
    };
    const cli = run([
      'credentials',
      '--json',
      '--config',
      configFile(
        JSON.stringify({
          kashier: { members: [member] },
          kigo: { otherPartners: [{ apiKey: 'kigo_test_other', partnerId: 'kigo-other' }] },
          kasko: { otherSecretKeys: ['sk_test_other_account_0001'] },
        }),
      ),
    ]);
    expect(await cli.code).toBe(0);
    const shown = JSON.parse(cli.stdout.join(''));
    expect(shown.kashier).toMatchObject({ merchantId: expect.any(String), members: [member] });
    expect(shown.kigo.otherPartners).toEqual([{ apiKey: 'kigo_test_other', partnerId: 'kigo-other' }]);
    expect(shown.kasko.otherSecretKeys).toEqual(['sk_test_other_account_0001']);
    expect(shown.ensuro.authorizedSigners).toEqual([]);
    // The defaults list the built-in Kashier viewer; the table prints lists as JSON.
    const table = run(['credentials']);
    expect(await table.code).toBe(0);
    expect(table.stdout.join('')).toMatch(
      /^ {2}members +\[\{"email":"viewer@merchant\.example","role":"viewer",/m,
    );
  });

  it('merges the config file over the defaults', async () => {
    const cli = run([
      'credentials',
      '--json',
      '--config',
      configFile('{"xcover": {"apiSecret": "test_api_secret"}}'),
    ]);
    expect(await cli.code).toBe(0);
    expect(JSON.parse(cli.stdout.join('')).xcover).toEqual({
      partnerCode: 'LLODT',
      apiKey: 'xcover_test_api_key',
      apiSecret: 'test_api_secret',
    });
  });

  it('prints a readable table without --json', async () => {
    const cli = run(['credentials']);
    expect(await cli.code).toBe(0);
    expect(cli.stdout.join('')).toMatch(/^xcover\n {2}partnerCode {2}LLODT\n/m);
  });

  it.each([
    ['not JSON', '{nope', /config file .* is not valid JSON/],
    ['an unknown provider', '{"acme": {}}', /unknown provider "acme"/],
    ['an unknown field', '{"xcover": {"apiSekret": "x"}}', /unknown field xcover\.apiSekret/],
    ['a wrong type', '{"xcover": {"apiKey": 42}}', /xcover\.apiKey must be a non-empty string/],
    [
      'a wrong setting type',
      '{"xcover": {"clockSkewSeconds": "600"}}',
      /xcover\.clockSkewSeconds must be an integer from 0 to 86400/,
    ],
    [
      'a negative clock-skew window',
      '{"xcover": {"clockSkewSeconds": -5}}',
      /xcover\.clockSkewSeconds must be an integer from 0 to 86400/,
    ],
    [
      'a negative idempotency retention',
      '{"xcover": {"idempotencyRetentionHours": -48}}',
      /xcover\.idempotencyRetentionHours must be an integer from 1 to 720/,
    ],
    [
      'a cancellation window past any date',
      '{"xcover": {"cancellationConfirmHours": 1e300}}',
      /xcover\.cancellationConfirmHours must be an integer from 1 to 720/,
    ],
    ['a top-level __proto__', '{"__proto__": {"apiKey": "x"}}', /unknown provider "__proto__"/],
    ['not an object', '[1]', /config must be a JSON object/],
  ])('refuses a config file with %s: one line on stderr, exit 2', async (...[, content, message]) => {
    const cli = run(['credentials', '--config', configFile(content as string)]);
    expect(await cli.code).toBe(2);
    expect(cli.stderr).toHaveLength(1);
    expect(cli.stderr[0]).toMatch(message as RegExp);
  });

  it('refuses a missing config file', async () => {
    const cli = run(['credentials', '--config', '/nonexistent/config.json']);
    expect(await cli.code).toBe(2);
    expect(cli.stderr.join('')).toMatch(/cannot read config file \/nonexistent\/config.json: ENOENT/);
  });
});

describe('partner-sandbox start', () => {
  it('starts the providers on their fixed ports, prints their URLs, serves until stopped', async () => {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const cli = run(['start', '--port-base', String(portBase), '--only', 'xcover', '--quiet']);
    const sandbox = await cli.started;
    const url = `http://127.0.0.1:${portBase + XCOVER_OFFSET}`;
    expect(sandbox.providers.map((provider) => provider.url)).toEqual([url]);
    expect(cli.stdout.join('')).toBe(
      [
        `xcover   ${url}/x  (also ${url}/xcover)`,
        `         control surface: ${url}/__sandbox/`,
        'Test credentials: `npx partner-sandbox credentials` (`--json` for scripts)',
        '',
      ].join('\n'),
    );
    expect(cli.stderr).toEqual([]);
    const health = await fetch(`${url}/__sandbox/health`);
    expect(await health.json()).toEqual({ provider: 'xcover', status: 'ok' });
    cli.stop();
    expect(await cli.code).toBe(0);
    await expect(fetch(`${url}/__sandbox/health`)).rejects.toThrow();
  });

  it('logs one line per request unless --quiet', async () => {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const cli = run(['start', '--port-base', String(portBase), '--only', 'xcover']);
    await cli.started;
    await fetch(`http://127.0.0.1:${portBase + XCOVER_OFFSET}/x/partners/LLODT/quotes/`, { method: 'POST' });
    cli.stop();
    expect(await cli.code).toBe(0);
    expect(cli.stdout.join('')).toMatch(
      /Z xcover POST \/x\/partners\/LLODT\/quotes\/ 401 XCOVER_AUTH_MISSING [\d.]+ms\n/,
    );
  });

  it('binds 127.0.0.1 unless told otherwise', async () => {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const cli = run(['start', '--port-base', String(portBase), '--only', 'xcover', '--quiet']);
    const sandbox = await cli.started;
    const xcover = sandbox.providers.find((provider) => provider.name === 'xcover');
    expect(xcover?.url).toBe(`http://127.0.0.1:${portBase + XCOVER_OFFSET}`);
    cli.stop();
    await cli.code;
  });

  it('exits 2 with one line when a port is in use, leaving nothing running', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const cli = run(['start', '--port-base', String(port - XCOVER_OFFSET), '--only', 'xcover', '--quiet']);
      expect(await cli.code).toBe(2);
      expect(cli.stderr).toEqual([`partner-sandbox: port 127.0.0.1:${port} for xcover is already in use\n`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    [['start', '--only', 'xcover,nope'], /unknown provider "nope"/],
    [['start', '--port-base', 'abc'], /--port-base must be a port number/],
    [['start', '--bogus'], /unknown option --bogus for start/],
    [['start', '--host'], /--host needs a value/],
    [['start', '--toString'], /unknown option --toString for start/],
    [['start', '--constructor'], /unknown option --constructor for start/],
    [['start', '--__proto__'], /unknown option --__proto__ for start/],
    [['credentials', '--hasOwnProperty'], /unknown option --hasOwnProperty for credentials/],
    [['--toString'], /unknown option --toString/],
    [['toString'], /unknown command "toString"/],
    [['start', '--drain-seconds', '61'], /--drain-seconds must be an integer from 0 to 60, got "61"/],
    [['start', '--drain-seconds', '-1'], /--drain-seconds must be an integer from 0 to 60, got "-1"/],
    [['start', '--drain-seconds', '1.5'], /--drain-seconds must be an integer from 0 to 60/],
    [['start', '--control-token', 'has space'], /the control token must be 1 to 1024 visible ASCII/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /no command given/],
  ])('refuses %j with exit 2 and a clear line', async (...[argv, message]) => {
    const cli = run(argv as string[]);
    expect(await cli.code).toBe(2);
    expect(cli.stderr[0]).toMatch(message as RegExp);
  });

  it('exits 2 on an invalid config file before starting anything', async () => {
    const cli = run(['start', '--config', configFile('{"xcover": {"nope": 1}}')]);
    expect(await cli.code).toBe(2);
    expect(cli.stderr[0]).toMatch(/unknown field xcover\.nope/);
  });

  it('uses the config file for credentials and settings', async () => {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const config = configFile('{"xcover": {"apiKey": "my_key", "clockSkewSeconds": 60}}');
    const cli = run([
      'start',
      '--port-base',
      String(portBase),
      '--only',
      'xcover',
      '--config',
      config,
      '--quiet',
    ]);
    const sandbox = await cli.started;
    const xcover = sandbox.providers.find((provider) => provider.name === 'xcover');
    expect(xcover?.sandbox.credentials.apiKey).toBe('my_key');
    expect(xcover?.sandbox.settings.clockSkewSeconds).toBe(60);
    cli.stop();
    await cli.code;
  });
});

describe('partner-sandbox start beyond loopback', () => {
  const WARNING =
    /^partner-sandbox: warning: --host 0\.0\.0\.0 is not loopback: the control surface \(\/__sandbox\/: reset, clock, request journal with bodies\) is unauthenticated and reachable from the network; pass --control-token TOKEN to require it\n$/;

  async function startOn(argv: string[], variables: Record<string, string> = {}) {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const cli = run(
      ['start', '--port-base', String(portBase), '--only', 'xcover', '--quiet', ...argv],
      variables,
    );
    await cli.started;
    return { cli, url: `http://127.0.0.1:${portBase + XCOVER_OFFSET}` };
  }

  it('warns on one stderr line that the control surface is open to the network', async () => {
    const { cli } = await startOn(['--host', '0.0.0.0']);
    expect(cli.stderr).toHaveLength(1);
    expect(cli.stderr[0]).toMatch(WARNING);
    cli.stop();
    expect(await cli.code).toBe(0);
  });

  it('does not warn, and guards the control surface, with --control-token', async () => {
    const { cli, url } = await startOn(['--host', '0.0.0.0', '--control-token', 'op-secret-1']);
    expect(cli.stderr).toEqual([]);
    expect(cli.stdout.join('')).not.toContain('op-secret-1');
    expect(cli.stdout.join('')).toContain(
      'Control surface: send `Authorization: Bearer <your --control-token>`',
    );
    expect((await fetch(`${url}/__sandbox/health`)).status).toBe(200);
    const refused = await fetch(`${url}/__sandbox/requests`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_UNAUTHORIZED');
    const allowed = await fetch(`${url}/__sandbox/requests`, {
      headers: { authorization: 'Bearer op-secret-1' },
    });
    expect(allowed.status).toBe(200);
    cli.stop();
    expect(await cli.code).toBe(0);
  });

  it('takes the token from PARTNER_SANDBOX_CONTROL_TOKEN too', async () => {
    const { cli, url } = await startOn(['--host', '0.0.0.0'], { PARTNER_SANDBOX_CONTROL_TOKEN: 'from-env' });
    expect(cli.stderr).toEqual([]);
    expect((await fetch(`${url}/__sandbox/reset`, { method: 'POST' })).status).toBe(401);
    const reset = await fetch(`${url}/__sandbox/reset`, {
      method: 'POST',
      headers: { authorization: 'Bearer from-env' },
    });
    expect(reset.status).toBe(204);
    cli.stop();
    expect(await cli.code).toBe(0);
  });
});

describe('partner-sandbox --help and --version', () => {
  it('prints usage and the version', async () => {
    const help = run(['--help']);
    expect(await help.code).toBe(0);
    expect(help.stdout.join('')).toContain('partner-sandbox start [--only LIST]');
    const version = run(['--version']);
    expect(await version.code).toBe(0);
    expect(version.stdout.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
