/**
 * `startSandbox`, the in-process API integrators call from a test setup: real servers on real ports, reached
 * over HTTP, closed afterwards.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../../mocks/sandbox';
import { SandboxStartError } from '../../../mocks/runtime/server';
import { toyProvider } from '../../fixtures/toy-provider';
import { freePort } from '../../helpers/free-port';
import { createQuoteWithClient } from '../../helpers/xcover';

async function health(url: string): Promise<unknown> {
  return (await fetch(`${url}/__sandbox/health`)).json();
}

/** Whether something still accepts connections on the URL's port (a closed server does not). */
async function refuses(url: string): Promise<boolean> {
  return fetch(`${url}/__sandbox/health`).then(
    () => false,
    () => true,
  );
}

describe('startSandbox', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('starts XCover on an ephemeral port with its base URL and credentials, and closes it', async () => {
    sandbox = await startSandbox({ only: ['xcover'], port: 0 });
    const xcover = sandbox.providers.xcover!;
    expect(Object.keys(sandbox.providers)).toEqual(['xcover']);
    expect(xcover.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(xcover.baseUrl).toBe(`${xcover.url}/x`);
    expect(xcover.credentials).toEqual({
      partnerCode: 'LLODT',
      apiKey: 'xcover_test_api_key',
      apiSecret: 'xcover_test_api_secret',
    });
    expect(await health(xcover.url)).toEqual({ provider: 'xcover', status: 'ok' });
    const response = await createQuoteWithClient(xcover);
    expect(response.status).toBe(201);
    await sandbox.close();
    expect(await refuses(xcover.url)).toBe(true);
  });

  it('starts any registered definition, here the toy provider, with its first base path', async () => {
    sandbox = await startSandbox({ providers: [toyProvider], port: 0 });
    const toy = sandbox.providers.toy!;
    expect(toy.baseUrl).toBe(`${toy.url}/toy`);
    expect(toy.credentials).toEqual(toyProvider.defaultCredentials);
    expect(await health(toy.url)).toEqual({ provider: 'toy', status: 'ok' });
  });

  it('merges a config, given as an object or as a file, over the default credentials', async () => {
    sandbox = await startSandbox({ port: 0, config: { xcover: { apiSecret: 'from_object' } } });
    expect(sandbox.providers.xcover!.credentials.apiSecret).toBe('from_object');
    await sandbox.close();
    const file = join(mkdtempSync(join(tmpdir(), 'partner-sandbox-config-')), 'config.json');
    writeFileSync(file, '{"xcover": {"apiKey": "from_file"}}');
    sandbox = await startSandbox({ port: 0, config: file });
    expect(sandbox.providers.xcover!.credentials.apiKey).toBe('from_file');
  });

  it('puts each provider at the port base plus its place in the fixed order', async () => {
    const port = await freePort();
    sandbox = await startSandbox({ only: ['xcover'], portBase: port - 4 });
    expect(sandbox.providers.xcover!.url).toBe(`http://127.0.0.1:${port}`);
  });

  it.each([
    [{ only: ['nope'] }, /unknown provider "nope" \(available: .*xcover/],
    [{ only: [' '] }, /at least one provider/],
    [{ portBase: 0 }, /port base must be an integer from 1 to 65531, got 0/],
    [{ portBase: 4010.5 }, /port base must be an integer/],
    [{ port: 4014 } as never, /port may only be 0/],
    [{ port: 0, portBase: 4010 } as never, /port may only be 0/],
  ])('refuses %j with a one-line SandboxStartError', async (options, message) => {
    const start = startSandbox(options);
    await expect(start).rejects.toThrow(SandboxStartError);
    await expect(start).rejects.toThrow(message);
  });

  it('refuses a port in use and leaves nothing running', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startSandbox({ only: ['xcover'], portBase: port - 4 })).rejects.toThrow(
        `port 127.0.0.1:${port} for xcover is already in use`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    expect(await refuses(`http://127.0.0.1:${port}`)).toBe(true);
  });
});
