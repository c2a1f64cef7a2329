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
function run(argv: string[]): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let stop: () => void = () => undefined;
  let onStarted: (sandbox: RunningSandbox) => void = () => undefined;
  const started = new Promise<RunningSandbox>((resolve) => (onStarted = resolve));
  const env: CliEnvironment = {
    providers: PROVIDERS,
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
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
    expect(JSON.parse(cli.stdout.join(''))).toEqual({
      xcover: { partnerCode: 'LLODT', apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' },
    });
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
    expect(cli.stdout.join('')).toMatch(/^xcover\n {2}partnerCode {2}LLODT\n/);
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
    expect(cli.stdout.join('')).toContain(`xcover   ${url}/x  (also ${url}/xcover)`);
    expect(cli.stdout.join('')).toContain('partner-sandbox credentials');
    const health = await fetch(`${url}/__sandbox/health`);
    expect(await health.json()).toEqual({ provider: 'xcover', status: 'ok' });
    cli.stop();
    expect(await cli.code).toBe(0);
    await expect(fetch(`${url}/__sandbox/health`)).rejects.toThrow();
  });

  it('logs one line per request unless --quiet', async () => {
    const portBase = (await freePort()) - XCOVER_OFFSET;
    const cli = run(['start', '--port-base', String(portBase)]);
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
    const cli = run(['start', '--port-base', String(portBase), '--quiet']);
    const sandbox = await cli.started;
    expect(sandbox.providers[0]?.url).toBe(`http://127.0.0.1:${portBase + XCOVER_OFFSET}`);
    cli.stop();
    await cli.code;
  });

  it('exits 2 with one line when a port is in use, leaving nothing running', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const cli = run(['start', '--port-base', String(port - XCOVER_OFFSET), '--quiet']);
      expect(await cli.code).toBe(2);
      expect(cli.stderr).toEqual([`partner-sandbox: port 127.0.0.1:${port} for xcover is already in use\n`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    [['start', '--only', 'kasko,nope'], /unknown provider "kasko"/],
    [['start', '--port-base', 'abc'], /--port-base must be a port number/],
    [['start', '--bogus'], /unknown option --bogus for start/],
    [['start', '--host'], /--host needs a value/],
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
    const cli = run(['start', '--port-base', String(portBase), '--config', config, '--quiet']);
    const sandbox = await cli.started;
    expect(sandbox.providers[0]?.sandbox.credentials.apiKey).toBe('my_key');
    expect(sandbox.providers[0]?.sandbox.settings.clockSkewSeconds).toBe(60);
    cli.stop();
    await cli.code;
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
