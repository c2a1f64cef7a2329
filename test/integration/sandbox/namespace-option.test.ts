/**
 * `startSandbox({namespace})`: the URLs it hands out carry `/__ns/NAME`, so a client that only takes a base URL (the
 * typed client, a Pact verifier) works in that namespace: its state, clock and journal apart from the default's.
 */
import { startSandbox, type Sandbox } from '../../../mocks/sandbox';
import { SandboxStartError } from '../../../mocks/runtime/server';
import { createQuoteWithClient } from '../../helpers/xcover';

describe('startSandbox with a namespace', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('hands out base and control URLs with the prefix, and they work in that namespace only', async () => {
    sandbox = await startSandbox({ only: ['xcover'], port: 0, namespace: 'ci-42' });
    const xcover = sandbox.providers.xcover!;
    expect(xcover.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__ns\/ci-42$/);
    expect(xcover.baseUrl).toBe(`${xcover.url}/x`);
    const root = xcover.url.replace('/__ns/ci-42', '');
    const response = await createQuoteWithClient(xcover);
    expect(response.status).toBe(201);
    const journalAt = async (url: string) =>
      ((await (await fetch(`${url}/__sandbox/requests`)).json()) as { requests: { path: string }[] })
        .requests;
    expect((await journalAt(xcover.url)).map(({ path }) => path)).toEqual(['/x/partners/LLODT/quotes/']);
    expect(await journalAt(root)).toEqual([]);
    // The control URL moves the namespace's clock only.
    await fetch(`${xcover.url}/__sandbox/clock`, { method: 'POST', body: '{"now": "2030-01-01T00:00:00Z"}' });
    const clockAt = async (url: string) =>
      ((await (await fetch(`${url}/__sandbox/clock`)).json()) as { frozen: boolean }).frozen;
    expect(await clockAt(xcover.url)).toBe(true);
    expect(await clockAt(root)).toBe(false);
  });

  it('shows in the inspector’s feed each running provider’s journal of the namespace the page is read in', async () => {
    sandbox = await startSandbox({ only: ['kasko', 'xcover'], port: 0 });
    const { kasko, xcover } = sandbox.providers as Record<string, { url: string }>;
    await fetch(`${xcover!.url}/__ns/ci-7/x/no-such-route`);
    const feed = async (at: string, provider: string) =>
      (
        (await (await fetch(`${at}/__sandbox/inspector/feed?provider=${provider}&since=0`)).json()) as {
          requests: { path: string }[];
        }
      ).requests.map(({ path }) => path);
    // Read through KASKO's server: the peer's namespace, found without creating it.
    expect(await feed(`${kasko!.url}/__ns/ci-7`, 'xcover')).toEqual(['/x/no-such-route']);
    expect(await feed(kasko!.url, 'xcover')).toEqual([]);
    expect(await feed(`${xcover!.url}/__ns/ci-8`, 'xcover')).toEqual([]);
  });

  it.each(['', 'has space', 'x'.repeat(65)])(
    'refuses the namespace %j before starting anything',
    async (namespace) => {
      await expect(startSandbox({ only: ['xcover'], port: 0, namespace })).rejects.toThrow(SandboxStartError);
    },
  );
});
