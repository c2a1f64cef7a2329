/**
 * `partner-sandbox check` as a user runs it: the compiled executable in its own process, judging XCover
 * requests signed with the project's own signer, from a file, a HAR file and standard input.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signXCoverRequest } from '../../../src/xcover/signature';
import { API_KEY, API_SECRET, P, quoteBody } from '../../helpers/xcover';

const BIN = join(__dirname, '..', '..', '..', 'bin', 'partner-sandbox.js');
const SIGNED_AT = new Date('2024-05-01T12:00:00Z');

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCheck(args: string[], stdin?: string): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, 'check', '--provider', 'xcover', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A createQuote request signed as the SDKs sign it, at SIGNED_AT. */
function signedQuote() {
  const path = `${P}/quotes/`;
  const body = JSON.stringify(quoteBody());
  const headers = {
    'Content-Type': 'application/json',
    ...signXCoverRequest(
      { method: 'POST', path, headers: {} },
      { apiKey: API_KEY, apiSecret: API_SECRET },
      { date: SIGNED_AT },
    ),
  };
  return { path, body, headers };
}

function rawHttp({ path, body, headers }: ReturnType<typeof signedQuote>): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: localhost:4014',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'partner-sandbox-check-')), name);
  writeFileSync(path, content);
  return path;
}

/** The same request signed a second later than its Date header says: the signature no longer matches. */
function tampered(request: ReturnType<typeof signedQuote>) {
  return { ...request, headers: { ...request.headers, date: 'Wed, 01 May 2024 12:00:01 GMT' } };
}

describe('partner-sandbox check (process)', () => {
  it('accepts a correctly signed XCover request with exit 0, judged as of its Date header', async () => {
    const result = await runCheck([file('quote.http', rawHttp(signedQuote()))]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`raw HTTP request: POST ${P}/quotes/`);
    expect(result.stdout).toContain('judged as of 2024-05-01T12:00:00.000Z, the time of its Date header');
    expect(result.stdout).toContain('ACCEPTED: operation createQuote');
  });

  it('refuses a tampered one with exit 1, showing the string to sign and the fix, never the secret', async () => {
    const result = await runCheck([file('quote.http', rawHttp(tampered(signedQuote())))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('REFUSED: 401 XCOVER_SIGNATURE_MISMATCH (operation createQuote)');
    expect(result.stdout).toContain('string to sign: date: Wed, 01 May 2024 12:00:01 GMT');
    expect(result.stdout).toMatch(/string to sign sha256: [0-9a-f]{64}/);
    expect(result.stdout).toContain('fix:     Sign exactly the string shown in checked.stringToSign');
    expect(result.stdout).toContain('xcover: 1 of 1 request would be refused');
    expect(`${result.stdout}${result.stderr}`).not.toContain(API_SECRET);
  });

  it('checks every entry of a HAR file: one good, one bad', async () => {
    const entry = (request: ReturnType<typeof signedQuote>) => ({
      startedDateTime: SIGNED_AT.toISOString(),
      request: {
        method: 'POST',
        url: `http://localhost:4014${request.path}`,
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(request.headers).map(([name, value]) => ({ name, value })),
        postData: { mimeType: 'application/json', text: request.body },
      },
    });
    const har = { log: { version: '1.2', entries: [entry(signedQuote()), entry(tampered(signedQuote()))] } };
    const result = await runCheck([file('session.har', JSON.stringify(har))]);
    expect(result.code).toBe(1);
    const [good, bad] = result.stdout.split('\n\n');
    expect(good).toContain('HAR entry 1: POST');
    expect(good).toContain('ACCEPTED');
    expect(bad).toContain('HAR entry 2: POST');
    expect(bad).toContain('REFUSED: 401 XCOVER_SIGNATURE_MISMATCH');
    expect(result.stdout).toContain('xcover: 1 of 2 requests would be refused');
    expect(result.stdout).not.toContain(API_SECRET);
  });

  it('reads a curl command line from standard input with -', async () => {
    const { path, body, headers } = signedQuote();
    const options = Object.entries(headers).map(([name, value]) => `-H '${name}: ${value}'`);
    const curl = `curl -X POST 'http://localhost:4014${path}' \\\n  ${options.join(' \\\n  ')} \\\n  --data-raw '${body}'\n`;
    const result = await runCheck(['--json', '-'], curl);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      accepted: boolean;
      requests: { label: string; operationId: string }[];
    };
    expect(report.accepted).toBe(true);
    expect(report.requests[0]).toMatchObject({ label: 'curl command', operationId: 'createQuote' });
  });

  it('exits 2 with one line on stderr for a capture it cannot read', async () => {
    const result = await runCheck(['-'], 'hello');
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(
      /^partner-sandbox: cannot read the capture: the capture is none of/,
    );
  });
});
