/**
 * `partner-sandbox check` in process, on the toy provider: the command names no provider, so what it
 * does for the toy (keys, spec violations, routes, framing, the journal's redaction) it does for any
 * provider in the registry.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main, type CliEnvironment } from '../../../mocks/cli/main';
import type { CheckEnvironment } from '../../../mocks/cli/check';
import { toyProvider } from '../../fixtures/toy-provider';

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function check(args: string[], stdin = ''): Promise<Finished> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env: CliEnvironment & CheckEnvironment = {
    providers: [toyProvider],
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    stopSignal: () => new Promise(() => undefined),
    stdin: Readable.from([Buffer.from(stdin)]),
  };
  const code = await main(['check', ...args], env);
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'partner-sandbox-check-')), 'capture');
  writeFileSync(path, content);
  return path;
}

const WIDGET = `curl http://127.0.0.1:4099/toy/widgets/ -H 'X-Toy-Key: toy_test_key' -H 'Content-Type: application/json'`;

describe('partner-sandbox check (any provider: the toy)', () => {
  it('accepts a valid request with exit 0, without running the handler or showing the key', async () => {
    const result = await check(['--provider', 'toy', '-'], `${WIDGET} -d '{"name":"w","size":2}'`);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('curl command: POST /toy/widgets/');
    expect(result.stdout).toContain('judged as of');
    expect(result.stdout).toContain('the current time (it has no Date header)');
    expect(result.stdout).toContain('ACCEPTED: operation createWidget');
    expect(result.stdout).toContain('toy: 1 of 1 request would be accepted');
    expect(result.stdout).not.toContain('toy_test_key');
  });

  it('accepts a request whose answer depends on state the sandbox does not have (an unknown id)', async () => {
    const result = await check(
      ['--provider', 'toy'],
      `curl http://h/toy/widgets/W-00077 -H 'X-Toy-Key: toy_test_key'`,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ACCEPTED: operation getWidget');
  });

  it('refuses a wrong key with exit 1: the reason code, its meaning and its fix', async () => {
    const result = await check(
      ['--provider', 'toy', '-'],
      `curl http://h/toy/widgets/W-00001 -H 'X-Toy-Key: nope_not_it'`,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED: 401 TOY_KEY_WRONG (operation getWidget)');
    expect(result.stdout).toContain('meaning: wrong key');
    expect(result.stdout).toContain('fix:     send the test key');
    expect(result.stdout).toContain('answer:  {"problem":"key wrong","details":null,"code":"TOY_KEY_WRONG"}');
  });

  it('shows each spec violation, and the principal the key authenticated', async () => {
    const result = await check(['--provider', 'toy', '-'], `${WIDGET} -d '{"name":"","size":0,"extra":1}'`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED: 422 TOY_BODY_INVALID (operation createWidget)');
    expect(result.stdout).toContain('    spec violations:');
    expect(result.stdout).toContain('      body name: must NOT have fewer than 1 characters (minLength)');
    expect(result.stdout).toContain('      body size: must be >= 1 (minimum)');
    expect(result.stdout).toContain(
      '      body extra: must NOT have additional properties (additionalProperties)',
    );
    expect(result.stdout).toMatch(/ {4}principal:\n {6}subject: admin key\n/);
  });

  it('refuses a JSON body sent as a form (curl’s default without Content-Type)', async () => {
    const result = await check(
      ['--provider', 'toy', '-'],
      `curl http://h/toy/widgets/ -H 'X-Toy-Key: toy_test_key' -d '{"name":"w","size":2}'`,
    );
    expect(result.stdout).toContain('REFUSED: 415 TOY_UNSUPPORTED_MEDIA_TYPE');
  });

  it('names the closest operations for a path the spec does not have', async () => {
    const result = await check(['--provider', 'toy', '-'], 'GET /toy/widget HTTP/1.1\nHost: h\n\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED: 404 TOY_ROUTE_NOT_FOUND');
    expect(result.stdout).toContain('closest operations: GET /toy/widgets/');
  });

  it('refuses a request without Host, which the runtime answers before its journal', async () => {
    const result = await check(['--provider', 'toy', '-'], 'GET /toy/open/ping HTTP/1.1\n\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('raw HTTP request: GET\n');
    expect(result.stdout).toContain('REFUSED: 400 TOY_HOST_HEADER_INVALID');
  });

  it('judges each HAR entry on its own, at its start time, and reports in JSON', async () => {
    const entry = (startedDateTime: string, key: string, body: unknown) => ({
      startedDateTime,
      request: {
        method: 'POST',
        url: 'http://h/toy/widgets/',
        headers: [
          { name: 'X-Toy-Key', value: key },
          { name: 'Idempotency-Key', value: 'same-key' },
        ],
        postData: { mimeType: 'application/json', text: JSON.stringify(body) },
      },
    });
    const har = {
      log: {
        entries: [
          entry('2024-05-01T12:00:00.000Z', 'toy_test_key', { name: 'a', size: 1 }),
          // The same idempotency key with another body: judged alone, it is a fresh request.
          entry('2024-05-01T12:00:05.000Z', 'toy_test_key', { name: 'b', size: 2 }),
          entry('2024-05-01T12:00:09.000Z', 'toy_wrong_key', { name: 'c', size: 3 }),
        ],
      },
    };
    const result = await check(['--provider', 'toy', '--json', file(JSON.stringify(har))]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      provider: string;
      accepted: boolean;
      requests: Record<string, unknown>[];
    };
    expect(report).toMatchObject({ provider: 'toy', accepted: false });
    expect(
      report.requests.map((request) => [
        request.label,
        request.accepted,
        request.judgedAt,
        request.judgedAtSource,
      ]),
    ).toEqual([
      ['HAR entry 1', true, '2024-05-01T12:00:00.000Z', 'HAR startedDateTime'],
      ['HAR entry 2', true, '2024-05-01T12:00:05.000Z', 'HAR startedDateTime'],
      ['HAR entry 3', false, '2024-05-01T12:00:09.000Z', 'HAR startedDateTime'],
    ]);
    expect(report.requests[2]).toMatchObject({
      target: '/toy/widgets/',
      operationId: 'createWidget',
      refusal: { status: 401, reason: 'TOY_KEY_WRONG', meaning: 'wrong key', fix: 'send the test key' },
    });
    expect(result.stdout).not.toContain('toy_test_key');
  });

  it('judges at the Date header’s time, or at --now', async () => {
    const capture = `curl http://h/toy/open/ping -H 'Date: Wed, 01 May 2024 12:00:00 GMT'`;
    const own = await check(['--provider', 'toy', '--json'], capture);
    const now = await check(['--provider', 'toy', '--json', '--now', '2030-01-02T03:04:05Z'], capture);
    const judged = (result: Finished) => {
      const [request] = (
        JSON.parse(result.stdout) as { requests: { judgedAt: string; judgedAtSource: string }[] }
      ).requests;
      return [request?.judgedAt, request?.judgedAtSource];
    };
    expect(judged(own)).toEqual(['2024-05-01T12:00:00.000Z', 'Date header']);
    expect(judged(now)).toEqual(['2030-01-02T03:04:05.000Z', '--now']);
  });

  it('checks with the credentials of --config', async () => {
    const config = file(JSON.stringify({ toy: { key: 'toy_configured_key' } }));
    const capture = `curl http://h/toy/widgets/W-00001 -H 'X-Toy-Key: toy_configured_key'`;
    const result = await check(['--provider', 'toy', '--config', config], capture);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('toy_configured_key');
  });

  it('prints its help', async () => {
    const result = await check(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'partner-sandbox check --provider NAME [--config FILE] [--now ISO] [--json] [FILE|-]',
    );
    expect(result.stdout).toContain('Exit status: 0');
  });

  it.each([
    [['-'], /^partner-sandbox: check needs --provider NAME \(available: toy\)$/],
    [['--provider', 'nope'], /^partner-sandbox: unknown provider "nope" \(available: toy\)$/],
    [['--provider', 'toy', '--now', 'tomorrow'], /^partner-sandbox: --now must be an ISO 8601 date-time/],
    [['--provider', 'toy', 'a', 'b'], /^partner-sandbox: unexpected argument "b"$/],
    [
      ['--provider', 'toy', '/nonexistent/capture'],
      /^partner-sandbox: cannot read the capture: \/nonexistent\/capture: ENOENT$/,
    ],
    [['--provider', 'toy', '/'], /^partner-sandbox: cannot read the capture: \/ is not a regular file/],
    [
      ['--provider', 'toy', '--config', '/nonexistent/config.json'],
      /^partner-sandbox: cannot read config file/,
    ],
  ])('exits 2 for %j', async (args, message) => {
    const result = await check(args, 'GET / HTTP/1.1\n\n');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
