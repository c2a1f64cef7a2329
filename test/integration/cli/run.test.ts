/**
 * `partner-sandbox run -- <command>` and `start --json` over real processes: the compiled executable, a real
 * child command, real ports.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunReport } from '../../../mocks/cli/run-summary';
import { freePort, portIsFree } from '../../helpers/free-port';
import { killLeftoverClis, runOnFreePort, startCli } from '../../helpers/cli-process';

afterEach(killLeftoverClis);

/** A `node -e` command line for the child `run` starts. */
const node = (script: string) => [process.execPath, '-e', script];

describe('partner-sandbox run', () => {
  it.each([0, 3])('exits with the command’s exit code (%i) and leaves the port free', async (code) => {
    const { port, cli } = await runOnFreePort(node(`process.exit(${code})`));
    expect(await cli.exited).toBe(code);
    expect(await portIsFree(port)).toBe(true);
  });

  it('gives the command the base URLs and credentials, with servers already healthy (--quiet: no lines)', async () => {
    const script = `
      const mine = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('XCOVER_')));
      fetch(process.env.XCOVER_URL + '/__sandbox/health')
        .then((response) => response.json())
        .then((health) => console.log(JSON.stringify({ mine, health })));`;
    const { port, cli } = await runOnFreePort(node(script), ['--quiet']);
    expect(await cli.exited).toBe(0);
    const { stdout, stderr } = cli.output();
    expect(JSON.parse(stdout)).toEqual({
      mine: {
        XCOVER_BASE_URL: `http://127.0.0.1:${port}/x`,
        XCOVER_URL: `http://127.0.0.1:${port}`,
        XCOVER_PARTNER_CODE: 'LLODT',
        XCOVER_API_KEY: 'xcover_test_api_key',
        XCOVER_API_SECRET: 'xcover_test_api_secret',
      },
      health: { provider: 'xcover', status: 'ok' },
    });
    expect(stderr).toBe('');
  });

  it('writes its own lines and, once the command ends, its summary to stderr (and --report FILE), stdout left to the command', async () => {
    const reportFile = join(mkdtempSync(join(tmpdir(), 'partner-sandbox-run-')), 'report.json');
    const script = `
      const base = process.env.XCOVER_BASE_URL;
      fetch(base + '/partners/LLODT/quotes/', { method: 'POST' })
        .then(() => fetch(base + '/no-such-route'))
        .then(() => fetch(base + '/no-such-route'))
        .then(() => { console.log('only this'); process.exit(3); });`;
    const { cli } = await runOnFreePort(node(script), ['--report', reportFile]);
    expect(await cli.exited).toBe(3);
    expect(cli.output().stdout).toBe('only this\n');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
    const [unsigned] = report.refusals.filter(({ status }) => status === 401);
    expect(report).toEqual({
      command: [process.execPath, '-e', script],
      exitCode: 3,
      providers: { xcover: { requests: 3, byStatus: { [String(unsigned?.status)]: 1, '404': 2 } } },
      refusals: [
        {
          provider: 'xcover',
          reason: 'XCOVER_ROUTE_NOT_FOUND',
          status: 404,
          count: 2,
          example: { method: 'GET', path: '/x/no-such-route' },
        },
        {
          provider: 'xcover',
          reason: unsigned?.reason,
          status: 401,
          count: 1,
          example: { method: 'POST', path: '/x/partners/LLODT/quotes/' },
        },
      ],
      webhooksNotDelivered: [],
    });
    expect(cli.output().stderr).toMatch(
      new RegExp(
        [
          '^xcover {3}http://127\\.0\\.0\\.1:\\d+/x',
          'Environment for the command: XCOVER_BASE_URL XCOVER_URL XCOVER_PARTNER_CODE XCOVER_API_KEY XCOVER_API_SECRET',
          '(?:.* xcover .*\\n)*partner-sandbox run: summary',
          'requests:',
          ' {2}xcover {7}3 {2}\\(401 ×1, 404 ×2\\)',
          'refusals by reason code:',
          ' {2}XCOVER_ROUTE_NOT_FOUND +404 {2}×2 {2}e\\.g\\. GET /x/no-such-route',
          ` {2}${unsigned?.reason} +401 {2}×1 {2}e\\.g\\. POST /x/partners/LLODT/quotes/`,
          'webhooks not delivered: none\n$',
        ].join('\n'),
      ),
    );
  });

  it('--namespace NAME: the URLs the command gets carry /__ns/NAME and reach that namespace only', async () => {
    const script = `
      const { XCOVER_BASE_URL: base, XCOVER_URL: url } = process.env;
      const root = url.replace('/__ns/ci-42', '');
      const paths = (at) => fetch(at + '/__sandbox/requests').then((r) => r.json()).then((j) => j.requests.map((e) => e.path));
      fetch(base + '/no-such-route')
        .then(() => Promise.all([paths(url), paths(root)]))
        .then(([mine, others]) => console.log(JSON.stringify({ base, url, mine, others })));`;
    const { port, cli } = await runOnFreePort(node(script), ['--quiet', '--namespace', 'ci-42']);
    expect(await cli.exited).toBe(0);
    expect(JSON.parse(cli.output().stdout)).toEqual({
      base: `http://127.0.0.1:${port}/__ns/ci-42/x`,
      url: `http://127.0.0.1:${port}/__ns/ci-42`,
      mine: ['/x/no-such-route'],
      others: [],
    });
  });

  it('exits 2 without running the command when --namespace names no valid namespace', async () => {
    const { cli } = await runOnFreePort(node('process.exit(0)'), ['--namespace', 'no spaces']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain('the namespace must be 1 to 64 of A-Z a-z 0-9 . _ -');
  });

  it('passes SIGTERM on to the command, closes the servers, and exits with the command’s code', async () => {
    const script = `
      process.on('SIGTERM', () => { console.log('child got SIGTERM'); process.exit(7); });
      console.log('child ready');
      setInterval(() => {}, 1000);`;
    const { port, cli } = await runOnFreePort(node(script));
    await cli.stdoutContains('child ready');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(7);
    expect(cli.output().stdout).toContain('child got SIGTERM');
    expect(await portIsFree(port)).toBe(true);
  });

  it('exits 128 + the signal number when the signal ends the command', async () => {
    const { port, cli } = await runOnFreePort(
      node("console.log('child ready'); setInterval(() => {}, 1000);"),
    );
    await cli.stdoutContains('child ready');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(128 + 2);
    expect(await portIsFree(port)).toBe(true);
  });

  it('exits 2 without running the command when a port is in use', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const cli = startCli([
        'run',
        '--port-base',
        String(port - 4),
        '--',
        ...node("console.log('should not run')"),
      ]);
      expect(await cli.exited).toBe(2);
      expect(cli.output().stdout).toBe('');
      expect(cli.output().stderr).toBe(
        `partner-sandbox: port 127.0.0.1:${port} for xcover is already in use\n`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits 2 when the command cannot be spawned, and frees the port', async () => {
    const { port, cli } = await runOnFreePort(['partner-sandbox-no-such-command']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toContain(
      'partner-sandbox: cannot run partner-sandbox-no-such-command: ENOENT\n',
    );
    expect(await portIsFree(port)).toBe(true);
  });

  it('exits 2 with the usage when no command follows --', async () => {
    const cli = startCli(['run', '--only', 'xcover']);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(/^partner-sandbox: run needs a command after --/);
  });
});

describe('partner-sandbox start --json', () => {
  it('prints exactly one ready line with each provider’s URLs and credentials, the log on stderr', async () => {
    const port = await freePort();
    const cli = startCli(['start', '--json', '--only', 'xcover', '--port-base', String(port - 4)]);
    try {
      await cli.stdoutContains('\n');
      const ready = JSON.parse(cli.output().stdout) as { providers: Record<string, unknown> };
      expect(ready).toEqual({
        providers: {
          xcover: {
            baseUrl: `http://127.0.0.1:${port}/x`,
            url: `http://127.0.0.1:${port}`,
            credentials: {
              partnerCode: 'LLODT',
              apiKey: 'xcover_test_api_key',
              apiSecret: 'xcover_test_api_secret',
            },
          },
        },
      });
      await fetch(`http://127.0.0.1:${port}/x/partners/LLODT/quotes/`, { method: 'POST' });
    } finally {
      cli.child.kill('SIGTERM');
    }
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout.split('\n')).toHaveLength(2);
    expect(cli.output().stderr).toMatch(/ xcover POST \/x\/partners\/LLODT\/quotes\/ 4\d\d /);
  });
});

describe('partner-sandbox <command> --help', () => {
  it.each([
    ['run', /partner-sandbox run \[--only LIST\][\s\S]*XCOVER_BASE_URL[\s\S]*Exit code/],
    ['start', /partner-sandbox start \[--only LIST\][\s\S]*--json/],
    ['credentials', /partner-sandbox credentials \[--json\]/],
  ])('%s --help prints its usage and exits 0', async (command, text) => {
    const cli = startCli([command, '--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(text);
  });
});
