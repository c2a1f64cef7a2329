/**
 * The control surface behind `--control-token`: every `/__sandbox/` request but the health probe needs the
 * bearer token, over real HTTP; the token is compared, never echoed.
 */
import { createProviderApp } from '../../../mocks/runtime/app';
import { defaultSettingsOf } from '../../../mocks/runtime/provider';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import { serve, type TestServer } from '../../helpers/http-server';
import { P, quoteBody, xcoverFetch } from '../../helpers/xcover';

const TOKEN = 'operator-token-7f3a';
let server: TestServer;

beforeAll(async () => {
  const sandbox = createProviderApp(xcoverProvider, {
    credentials: xcoverProvider.defaultCredentials,
    settings: defaultSettingsOf(xcoverProvider),
    controlToken: TOKEN,
  });
  server = await serve(sandbox.app);
});
afterAll(() => server.close());

const control = (method: string, path: string, authorization?: string) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: authorization === undefined ? {} : { authorization },
  });

test('GET /__sandbox/health stays open, for readiness probes', async () => {
  expect((await control('GET', '/__sandbox/health')).status).toBe(200);
});

test.each([
  ['POST', '/__sandbox/reset'],
  ['GET', '/__sandbox/requests'],
  ['GET', '/__sandbox/clock'],
  ['POST', '/__sandbox/clock'],
  ['GET', '/__sandbox/faults'],
  ['POST', '/__sandbox/health'],
  ['GET', '/__SANDBOX/requests'],
  ['GET', '/__sandbox/Health/'],
  ['GET', '/__sandbox/nowhere'],
])('%s %s without the token: 401 with the reason, the token not echoed', async (method, path) => {
  const response = await control(method, path);
  expect(response.status).toBe(401);
  expect(response.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_UNAUTHORIZED');
  expect(response.headers.get('www-authenticate')).toBe('Bearer realm="partner-sandbox control"');
  const text = await response.text();
  expect(JSON.parse(text)).toEqual({ error: expect.stringContaining('Authorization: Bearer') });
  expect(text).not.toContain(TOKEN);
});

test.each([`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer '])(
  'a wrong credential (%s) is refused the same way',
  async (authorization) => {
    const response = await control('GET', '/__sandbox/requests', authorization);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_UNAUTHORIZED');
    expect(await response.text()).not.toContain(TOKEN);
  },
);

test('the right token opens every control endpoint', async () => {
  expect((await control('POST', '/__sandbox/reset', `Bearer ${TOKEN}`)).status).toBe(204);
  expect((await control('GET', '/__sandbox/requests', `bearer ${TOKEN}`)).status).toBe(200);
});

test('provider routes do not need the control token', async () => {
  const response = await xcoverFetch(server.url, 'POST', `${P}/quotes/`, quoteBody());
  expect(response.status).toBe(201);
});
