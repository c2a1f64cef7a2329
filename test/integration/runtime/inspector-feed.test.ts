/**
 * What the inspector page is served and what it polls, over HTTP without a browser (the browser test is
 * inspector-page.test.ts): the page's files, `inspector/providers` and `inspector/feed`, the token guard.
 */
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import type { JournalEntry } from '../../../mocks/runtime/journal';
import { startProviders } from '../../../mocks/sandbox';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import { serve, type TestServer } from '../../helpers/http-server';

const KEY = { 'x-toy-key': 'toy_test_key' };

interface Feed {
  provider: string;
  oldestId: number;
  requests: JournalEntry[];
  deliveries: unknown[];
}

describe('the inspector’s files and feed', () => {
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;
  let guarded: TestServer;

  beforeAll(async () => {
    sandbox = createProviderApp(toyProvider, { credentials: toyProvider.defaultCredentials, settings: {} });
    server = await serve(sandbox.app);
    const withToken = createProviderApp(toyProvider, {
      credentials: toyProvider.defaultCredentials,
      settings: {},
      controlToken: 'secret-token',
    });
    guarded = await serve(withToken.app);
  });
  afterAll(async () => {
    await server.close();
    await guarded.close();
  });
  beforeEach(() => sandbox.reset());

  const feed = async (query: string, base = server.url, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/__sandbox/inspector/feed?${query}`, { headers });
    return {
      status: response.status,
      reason: response.headers.get('x-sandbox-reason'),
      body: await response.json(),
    };
  };

  it('serves the page, its script and style from the sandbox itself, under a policy that allows nothing else', async () => {
    const page = await fetch(`${server.url}/__sandbox/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="inspector.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${server.url}/__sandbox/inspector.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("api('inspector/feed?provider='");
    expect((await fetch(`${server.url}/__sandbox/inspector.css`)).status).toBe(200);
    const bare = await fetch(`${server.url}/__sandbox?view=all`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/__sandbox/?view=all');
  });

  it('feeds the journal entries after an id, with the oldest id kept, and names the providers running', async () => {
    await fetch(`${server.url}/toy/widgets/W-00001`, { headers: KEY });
    await fetch(`${server.url}/toy/nowhere`);
    expect((await (await fetch(`${server.url}/__sandbox/inspector/providers`)).json()) as unknown).toEqual({
      self: 'toy',
      providers: [{ name: 'toy', url: '' }],
    });
    const all = await feed('provider=toy&since=0');
    expect(all.body).toMatchObject({ provider: 'toy', deliveries: [] });
    const ids = (all.body as Feed).requests.map((entry) => entry.id);
    expect(ids).toHaveLength(2);
    const after = await feed(`provider=toy&since=${ids[0]}`);
    expect((after.body as Feed).requests.map((entry) => [entry.id, entry.reason])).toEqual([
      [ids[1], 'TOY_ROUTE_NOT_FOUND'],
    ]);
    sandbox.reset();
    const cleared = (await feed(`provider=toy&since=${ids[1]}`)).body as Feed;
    expect(cleared.requests).toEqual([]);
    expect(cleared.oldestId).toBe((ids[1] as number) + 1);
  });

  it.each([
    ['provider=nobody&since=0', 'provider must name a running provider'],
    ['provider=toy', 'since must be a journal id'],
    ['provider=toy&since=-1', 'since must be a journal id'],
  ])('refuses %s', async (query, error) => {
    expect(await feed(query)).toEqual({
      status: 400,
      reason: 'TOY_CONTROL_INVALID',
      body: { error: expect.stringContaining(error) },
    });
  });

  it('with a control token: the page’s files without it, the data only with it', async () => {
    expect((await fetch(`${guarded.url}/__sandbox/`)).status).toBe(200);
    expect((await fetch(`${guarded.url}/__sandbox/inspector.js`)).status).toBe(200);
    expect((await feed('provider=toy&since=0', guarded.url)).status).toBe(401);
    const authorized = await feed('provider=toy&since=0', guarded.url, {
      authorization: 'Bearer secret-token',
    });
    expect(authorized.status).toBe(200);
  });

  it('shows every provider of the process from any one of them', async () => {
    const running = await startProviders({ only: ['kasko', 'xcover'], port: 0 });
    try {
      const urlOf = (name: string) => running.providers.find((provider) => provider.name === name)?.url ?? '';
      const [kasko, xcover] = [{ url: urlOf('kasko') }, { url: urlOf('xcover') }];
      await fetch(`${xcover.url}/x/nowhere`);
      const providers = (await (await fetch(`${kasko.url}/__sandbox/inspector/providers`)).json()) as {
        providers: { name: string; url: string }[];
      };
      expect(providers.providers).toEqual([
        { name: 'kasko', url: kasko.url },
        { name: 'xcover', url: xcover.url },
      ]);
      const other = (await feed('provider=xcover&since=0', kasko.url)).body as Feed;
      expect(other.requests.map((entry) => entry.path)).toEqual(['/x/nowhere']);
    } finally {
      await running.close();
    }
  });
});
