/**
 * Issue 17's runtime defences through the toy provider over real HTTP: a revoked key is refused wherever a
 * request carries it (finding 4); a field of `format: http-url` takes http(s) URLs only (finding 2).
 */
import type { TestServer } from '../../helpers/http-server';
import { toyProvider } from '../../fixtures/toy-provider';
import { expectRejected, journal, revokeKey, useTestSandbox } from '../../helpers/sandbox';

const KEY = 'toy_test_key';
/** The viewer's own key, in Basic: the caller authenticates; what else the request carries is looked at. */
const VIEWER = { authorization: `Basic ${Buffer.from('toy_test_viewer:').toString('base64')}` };

describe('the toy provider: a revoked key, wherever the request carries it', () => {
  const running = useTestSandbox(toyProvider);
  let server: TestServer;
  beforeEach(async () => {
    ({ server } = running());
    await revokeKey(server.url, KEY);
  });

  it('is refused in a query parameter no scheme reads, before the handler runs', async () => {
    const refused = await fetch(`${server.url}/toy/me?key=${KEY}`, { headers: VIEWER });
    await expectRejected(refused, 401, 'TOY_KEY_REVOKED');
    const [entry] = (await journal(server.url)).slice(-1);
    expect(entry?.checked).toEqual({ revoked: 'a revoked key in the key query parameter' });
    expect(JSON.stringify(entry)).not.toContain(KEY);
  });

  it('is refused in a header no scheme of the operation reads, and after an auth scheme word', async () => {
    const me = (headers: Record<string, string>) => fetch(`${server.url}/toy/me`, { headers });
    await expectRejected(await me({ ...VIEWER, 'x-forwarded-key': KEY }), 401, 'TOY_KEY_REVOKED');
    await expectRejected(await me({ authorization: `Token ${KEY}` }), 401, 'TOY_KEY_REVOKED');
  });

  it('is refused in a form field and in a JSON body field at any depth', async () => {
    const form = await fetch(`${server.url}/toy/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `card=4111111111111111&name=${KEY}`,
    });
    await expectRejected(form, 401, 'TOY_KEY_REVOKED');
    const json = await fetch(`${server.url}/toy/key-sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: KEY }),
    });
    await expectRejected(json, 401, 'TOY_KEY_REVOKED');
  });

  it('leaves requests that do not carry it alone', async () => {
    const me = await fetch(`${server.url}/toy/me?key=toy_test_other`, { headers: VIEWER });
    expect(me.status).toBe(200);
  });
});

describe('the toy provider: a field of format http-url', () => {
  const running = useTestSandbox(toyProvider);

  const createGadget = (notify: string) =>
    fetch(`${running().url}/toy/gadgets/`, {
      method: 'POST',
      headers: { 'x-toy-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lamp', notify }),
    });

  it.each([
    'javascript:alert(1)',
    'data:text/html,x',
    'http://hooks.example:99999/g',
    'http://hooks.example:0/g',
  ])('refuses %j before anything is stored or sent', async (notify) => {
    const body = await expectRejected<{ details: string[] }>(
      await createGadget(notify),
      422,
      'TOY_BODY_INVALID',
    );
    expect(body.details).toEqual(['notify: format']);
    expect(running().sandbox.state().gadgets.size).toBe(0);
    expect(running().sandbox.webhooks.list()).toEqual([]);
  });

  it('takes an http(s) URL', async () => {
    expect((await createGadget('http://127.0.0.1:9/gadgets')).status).toBe(201);
  });
});
