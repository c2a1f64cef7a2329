/**
 * The body's depth is checked before any other work on it: a security scheme that reads the body (a signature
 * check) never sees a body nested too deeply, whatever credentials come with it.
 */
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import { BODY_DEPTH_LIMIT } from '../../../mocks/runtime/body';
import { toyProvider, toyProviderReadingBodies, type ToyState } from '../../fixtures/toy-provider';
import { serve, type TestServer } from '../../helpers/http-server';

const KEY = { 'x-toy-key': 'toy_test_key' };

describe('the runtime checks a body’s depth before authenticating', () => {
  const bodiesSeen: Buffer[] = [];
  const provider = toyProviderReadingBodies(bodiesSeen);
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;

  beforeAll(async () => {
    sandbox = createProviderApp(provider, { credentials: toyProvider.defaultCredentials, settings: {} });
    server = await serve(sandbox.app);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    sandbox.reset();
    bodiesSeen.length = 0;
  });

  const nested = (depth: number) => `{"name":"bolt","size":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers, body });

  it.each([
    ['with the key', { ...KEY, 'content-type': 'application/json' }],
    ['without a key', { 'content-type': 'application/json' }],
    ['with a vendor JSON type', { ...KEY, 'content-type': 'application/vnd.toy+json' }],
  ])(
    'refuses a body nested 5,000 deep %s: 400 TOY_BODY_TOO_DEEP, the scheme never runs',
    async (_label, headers) => {
      const response = await post('/toy/widgets/', nested(5000), headers);
      expect(response.status).toBe(400);
      expect(response.headers.get('x-sandbox-reason')).toBe('TOY_BODY_TOO_DEEP');
      expect(await response.json()).toMatchObject({ code: 'TOY_BODY_TOO_DEEP' });
      expect(bodiesSeen).toEqual([]);
      expect(sandbox.journal.list().at(-1)?.checked.auth).toBeUndefined();
    },
  );

  it('lets a body at the limit through to the scheme and the validator', async () => {
    const response = await post('/toy/widgets/', nested(BODY_DEPTH_LIMIT - 1), {
      ...KEY,
      'content-type': 'application/json',
    });
    expect(response.headers.get('x-sandbox-reason')).toBe('TOY_BODY_INVALID');
    expect(bodiesSeen).toHaveLength(1);
  });

  it('reads a form’s brackets as text, not nesting', async () => {
    const response = await post('/toy/checkout', `card=4242424242424242&name=${'['.repeat(100)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(response.status).toBe(200);
  });
});
