/**
 * The runtime's grown mechanisms, through the toy provider over real HTTP: principals from key, Basic and
 * issued-token schemes; revocation; permissions (403) and accounts that cannot see each other (404);
 * preconditions (412, 428); form bodies answered with pages; per-response headers.
 */
import type { ProviderApp } from '../../../mocks/runtime/app';
import type { TestServer } from '../../helpers/http-server';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import {
  flushWebhooks,
  setClock,
  startWebhookReceiver,
  webhookDeliveries,
  useTestSandbox,
  type WebhookReceiver,
} from '../../helpers/sandbox';

const ADMIN = { 'x-toy-key': 'toy_test_key' };
const VIEWER = { 'x-toy-key': 'toy_test_viewer' };
const OTHER = { 'x-toy-key': 'toy_test_other' };
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the toy provider on the grown runtime', () => {
  const running = useTestSandbox(toyProvider);
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;
  beforeEach(() => {
    ({ sandbox, server } = running());
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${server.url}/toy${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, ...JSON_TYPE },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const reasonOf = (response: Response) => response.headers.get('x-sandbox-reason');
  const createGadget = async (headers = ADMIN) => {
    const created = await call('POST', '/gadgets/', headers, { name: 'lamp' });
    expect(created.status).toBe(201);
    return (await created.json()) as { id: string; owner: string };
  };

  describe('principals', () => {
    it('reach the handler: who the key, Basic credentials or an issued token belong to', async () => {
      const basic = `Basic ${Buffer.from('toy_test_viewer:').toString('base64')}`;
      const viaBasic = await call('GET', '/me', { authorization: basic });
      expect(await viaBasic.json()).toEqual({
        scheme: 'ToyBasic',
        subject: 'viewer key',
        account: 'acc_main',
        role: 'viewer',
        permissions: ['gadgets:read'],
      });
      const session = await call('POST', '/sessions', ADMIN);
      const { token } = (await session.json()) as { token: string };
      const viaToken = await call('GET', '/me', { authorization: `Bearer ${token}` });
      expect(await viaToken.json()).toMatchObject({
        scheme: 'ToyToken',
        subject: 'session token',
        role: 'admin',
      });
    });

    it('among alternatives, reports the scheme whose credential was sent', async () => {
      const badToken = await call('GET', '/me', { authorization: 'Bearer tok_unknown' });
      expect(badToken.status).toBe(401);
      expect(await badToken.json()).toMatchObject({ problem: 'token unknown', code: 'TOY_TOKEN_INVALID' });
      const badBasic = await call('GET', '/me', {
        authorization: `Basic ${Buffer.from('nope:').toString('base64')}`,
      });
      expect(reasonOf(badBasic)).toBe('TOY_BASIC_INVALID');
      expect(await badBasic.json()).toMatchObject({ problem: 'Basic credentials wrong' });
    });

    it('are journaled without the keys they rest on', async () => {
      await call('GET', '/me', { authorization: `Basic ${Buffer.from('toy_test_key:').toString('base64')}` });
      const [entry] = sandbox.journal.list();
      expect(entry?.checked.principal).toEqual({
        scheme: 'ToyBasic',
        subject: 'admin key',
        account: 'acc_main',
        role: 'admin',
      });
      expect(JSON.stringify(entry?.checked)).not.toContain('toy_test_key');
    });

    it('are issued as tokens the journal never shows', async () => {
      const session = await call('POST', '/sessions', ADMIN);
      const { token } = (await session.json()) as { token: string };
      const [entry] = sandbox.journal.list();
      expect(entry?.response.body).toEqual({ token: '[redacted]' });
      expect(JSON.stringify(sandbox.journal.list())).not.toContain(token);
    });
  });

  describe('revoked keys', () => {
    const revoke = (key: string) =>
      fetch(`${server.url}/__sandbox/keys/revoke`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ key }),
      });

    it('are refused from the next request on, with the tokens issued with them, until reset', async () => {
      const session = await call('POST', '/sessions', ADMIN);
      const { token } = (await session.json()) as { token: string };
      const revoked = await revoke('toy_test_key');
      expect(revoked.status).toBe(200);
      expect(await revoked.text()).not.toContain('toy_test_key');
      const byKey = await call('GET', '/me', {
        authorization: `Basic ${Buffer.from('toy_test_key:').toString('base64')}`,
      });
      expect(byKey.status).toBe(401);
      expect(reasonOf(byKey)).toBe('TOY_KEY_REVOKED');
      expect(await byKey.json()).toEqual({
        problem: 'This key has been revoked.',
        details: null,
        code: 'TOY_KEY_REVOKED',
      });
      const byToken = await call('GET', '/me', { authorization: `Bearer ${token}` });
      expect(reasonOf(byToken)).toBe('TOY_KEY_REVOKED');
      expect(
        (
          await call('GET', '/me', {
            authorization: `Basic ${Buffer.from('toy_test_viewer:').toString('base64')}`,
          })
        ).status,
      ).toBe(200);
      await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
      expect((await call('POST', '/sessions', ADMIN)).status).toBe(201);
    });

    it('reach handlers that take the key in the body, which refuse it themselves', async () => {
      const before = await call('POST', '/key-sessions', {}, { key: 'toy_test_key' });
      expect(before.status).toBe(201);
      await revoke('toy_test_key');
      const after = await call('POST', '/key-sessions', {}, { key: 'toy_test_key' });
      expect(after.status).toBe(401);
      expect(reasonOf(after)).toBe('TOY_KEY_REVOKED');
      expect(sandbox.state().sessions.size).toBe(1);
    });

    it('only a key in force can be revoked, and the answer never echoes the value', async () => {
      const unknown = await revoke('not_a_key');
      expect(unknown.status).toBe(400);
      expect(reasonOf(unknown)).toBe('TOY_CONTROL_INVALID');
      expect(await unknown.text()).not.toContain('not_a_key');
      const malformed = await fetch(`${server.url}/__sandbox/keys/revoke`, {
        method: 'POST',
        body: '{"key": 1}',
      });
      expect(malformed.status).toBe(400);
    });
  });

  describe('authorization', () => {
    it('answers 403 naming the permission a role lacks, and lets the role do what it may', async () => {
      const { id } = await createGadget();
      const read = await call('GET', `/gadgets/${id}`, VIEWER);
      expect(read.status).toBe(200);
      const removed = await call('DELETE', `/gadgets/${id}`, VIEWER);
      expect(removed.status).toBe(403);
      expect(reasonOf(removed)).toBe('TOY_PERMISSION_DENIED');
      expect(await removed.json()).toMatchObject({ problem: expect.stringContaining('gadgets:delete') });
      expect(sandbox.state().gadgets.has(id)).toBe(true);
    });

    it('answers another account’s object exactly as an id that never existed', async () => {
      const { id } = await createGadget();
      const hidden = await call('GET', `/gadgets/${id}`, OTHER);
      const never = await call('GET', '/gadgets/G-99999', OTHER);
      expect([hidden.status, never.status]).toEqual([404, 404]);
      expect(reasonOf(hidden)).toBe('TOY_OBJECT_OF_ANOTHER_ACCOUNT');
      expect(reasonOf(never)).toBe('TOY_GADGET_NOT_FOUND');
      const [hiddenBody, neverBody] = [await hidden.json(), await never.json()] as { code: string }[];
      expect({ ...hiddenBody, code: undefined }).toEqual({ ...neverBody, code: undefined });
      const changed = await call('PUT', `/gadgets/${id}`, { ...OTHER, 'if-match': '"1"' }, { name: 'mine' });
      expect(reasonOf(changed)).toBe('TOY_OBJECT_OF_ANOTHER_ACCOUNT');
      expect(sandbox.state().gadgets.get(id)?.name).toBe('lamp');
    });
  });

  describe('preconditions', () => {
    it('versions answers with ETag and Last-Modified, and changes only the version shown', async () => {
      const { id } = await createGadget();
      const read = await call('GET', `/gadgets/${id}`, ADMIN);
      const etag = read.headers.get('etag') as string;
      expect(etag).toBe('"1"');
      expect(read.headers.get('last-modified')).toMatch(/GMT$/);
      const renamed = await call(
        'PUT',
        `/gadgets/${id}`,
        { ...ADMIN, 'if-match': etag },
        { name: 'desk lamp' },
      );
      expect(renamed.status).toBe(200);
      expect(renamed.headers.get('etag')).toBe('"2"');
      const stale = await call('PUT', `/gadgets/${id}`, { ...ADMIN, 'if-match': etag }, { name: 'stale' });
      expect(stale.status).toBe(412);
      expect(reasonOf(stale)).toBe('TOY_PRECONDITION_FAILED');
      expect(sandbox.state().gadgets.get(id)?.name).toBe('desk lamp');
    });

    it('asks for a precondition when the client shows none (428), and takes If-Unmodified-Since', async () => {
      const { id } = await createGadget();
      const blind = await call('PUT', `/gadgets/${id}`, ADMIN, { name: 'blind' });
      expect(blind.status).toBe(428);
      expect(reasonOf(blind)).toBe('TOY_PRECONDITION_REQUIRED');
      const read = await call('GET', `/gadgets/${id}`, ADMIN);
      const since = read.headers.get('last-modified') as string;
      const dated = await call(
        'PUT',
        `/gadgets/${id}`,
        { ...ADMIN, 'if-unmodified-since': since },
        { name: 'dated' },
      );
      expect(dated.status).toBe(200);
      sandbox.clock.advance(60);
      const later = await call('PUT', `/gadgets/${id}`, { ...ADMIN, 'if-match': '"2"' }, { name: 'later' });
      expect(later.status).toBe(200);
      const old = await call(
        'PUT',
        `/gadgets/${id}`,
        { ...ADMIN, 'if-unmodified-since': since },
        { name: 'old' },
      );
      expect(reasonOf(old)).toBe('TOY_PRECONDITION_FAILED');
    });
  });

  describe('forms and pages', () => {
    const post = (body: string, accept = 'text/html') =>
      fetch(`${server.url}/toy/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
        body,
      });

    it('answers a form post with a page', async () => {
      const paid = await post('card=4111111111111111&name=Ada+Lovelace');
      expect(paid.status).toBe(200);
      expect(paid.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await paid.text()).toContain('card ending 1111');
    });

    it('refuses a bad form with a page, not JSON', async () => {
      const refused = await post('card=12');
      expect(refused.status).toBe(422);
      expect(reasonOf(refused)).toBe('TOY_BODY_INVALID');
      expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await refused.text()).toContain('TOY_BODY_INVALID');
      const notUtf8 = await fetch(`${server.url}/toy/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from([0x63, 0x61, 0x72, 0x64, 0x3d, 0xff]),
      });
      expect(reasonOf(notUtf8)).toBe('TOY_MALFORMED_FORM');
    });
  });

  describe('per-response headers', () => {
    it('give every answer its own request id: successes, refusals, unknown routes and control answers', async () => {
      const answers = await Promise.all([
        call('POST', '/sessions', ADMIN),
        call('GET', '/me', {}),
        call('GET', '/nowhere', ADMIN),
        fetch(`${server.url}/__sandbox/health`),
      ]);
      const ids = answers.map((response) => response.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(/^req_[0-9a-f]{16}$/);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('webhooks', () => {
    let receiver: WebhookReceiver;
    beforeEach(async () => {
      receiver = await startWebhookReceiver();
    });
    afterEach(() => receiver.close());

    it('delivers signed over the exact bytes, in the background, without holding the request', async () => {
      const created = await call('POST', '/gadgets/', ADMIN, {
        name: 'lamp',
        notify: `${receiver.url}/hooks`,
      });
      expect(created.status).toBe(201);
      const [delivery] = await receiver.waitFor(1);
      expect(delivery?.path).toBe('/hooks');
      expect(delivery?.headers['x-toy-signature']).toBe(String(delivery?.rawBody.length));
      expect(JSON.parse(delivery?.rawBody.toString() ?? '')).toMatchObject({ event: 'gadget.created' });
      const [view] = await webhookDeliveries(server.url);
      expect(view).toMatchObject({ event: 'gadget.created', state: 'delivered', nextAttemptAt: null });
      expect(view?.headers['x-toy-signature']).toBe(String(delivery?.rawBody.length));
    });

    it('retries on a 500 and on a refused connection as the sandbox clock moves, then stops', async () => {
      await setClock(server.url, { now: '2030-01-01T00:00:00Z' });
      receiver.answerNext(500);
      await call('POST', '/gadgets/', ADMIN, { name: 'lamp', notify: receiver.url });
      await receiver.waitFor(1);
      const [pending] = await flushWebhooksUntilSettled();
      expect(pending).toMatchObject({ state: 'pending', nextAttemptAt: '2030-01-01T00:01:00.000Z' });
      expect(pending?.attempts).toEqual([expect.objectContaining({ status: 500 })]);
      // Not due yet: a move short of the schedule fires nothing.
      await setClock(server.url, { advanceSeconds: 59 });
      expect(receiver.received).toHaveLength(1);
      await setClock(server.url, { advanceSeconds: 1 });
      expect(receiver.received).toHaveLength(2);
      expect((await webhookDeliveries(server.url))[0]).toMatchObject({ state: 'delivered' });

      // A receiver that is gone: each scheduled retry fails, then the delivery is failed for good.
      const gone = receiver.url;
      await receiver.close();
      await call('POST', '/gadgets/', ADMIN, { name: 'desk', notify: gone });
      await setClock(server.url, { advanceSeconds: 0 });
      await setClock(server.url, { advanceSeconds: 180 });
      const failed = (await webhookDeliveries(server.url))[1];
      expect(failed?.state).toBe('failed');
      expect(failed?.attempts).toHaveLength(3);
      for (const attempt of failed?.attempts ?? []) expect(attempt.error).toEqual(expect.any(String));
      receiver = await startWebhookReceiver();
    });

    it('are cancelled by reset', async () => {
      await setClock(server.url, { now: '2030-01-01T00:00:00Z' });
      receiver.answerNext(500);
      await call('POST', '/gadgets/', ADMIN, { name: 'lamp', notify: receiver.url });
      await receiver.waitFor(1);
      await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
      expect(await webhookDeliveries(server.url)).toEqual([]);
      // A new delivery after the reset is the next one the receiver sees: the cancelled retry never came.
      await call('POST', '/gadgets/', ADMIN, { name: 'desk', notify: receiver.url });
      await flushWebhooks(server.url);
      const all = await receiver.waitFor(2);
      expect(JSON.parse(all[1]?.rawBody.toString() ?? '')).toMatchObject({ data: { name: 'desk' } });
      // The flush waited for every attempt it made due: nothing else arrived.
      expect(receiver.received).toHaveLength(2);
    });
  });

  /** The deliveries once the attempts in progress are done (a clock move of 0 waits for them). */
  async function flushWebhooksUntilSettled() {
    await setClock(server.url, { advanceSeconds: 0 });
    return webhookDeliveries(server.url);
  }

  describe('provider states', () => {
    it('act as the default principal through the handlers', async () => {
      const set = await fetch(`${server.url}/__sandbox/provider-states`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify({ state: 'a gadget exists', params: { name: 'seeded' } }),
      });
      const { gadget_id } = (await set.json()) as { gadget_id: string };
      expect(sandbox.state().gadgets.get(gadget_id)?.owner).toBe('acc_main');
      expect((await call('GET', `/gadgets/${gadget_id}`, ADMIN)).status).toBe(200);
      expect((await call('GET', `/gadgets/${gadget_id}`, OTHER)).status).toBe(404);
    });
  });
});
