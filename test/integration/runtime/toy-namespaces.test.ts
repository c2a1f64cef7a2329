/**
 * Namespaces over real HTTP on the toy provider: `X-Sandbox-Namespace: NAME` or the `/__ns/NAME/` path prefix gives
 * a request, and the control requests, a namespace of their own (state, clock, faults, revocations, journal,
 * idempotency keys, webhooks), bounded in number with the least recently used one evicted.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import type { Settings } from '../../../mocks/runtime/provider';
import { toyProvider, type ToyState } from '../../fixtures/toy-provider';
import { serve, type TestServer } from '../../helpers/http-server';
import { startWebhookReceiver } from '../../helpers/webhook-receiver';

const KEY = { 'x-toy-key': 'toy_test_key' };
const JSON_KEY = { ...KEY, 'content-type': 'application/json' };
const WIDGET = JSON.stringify({ name: 'bolt', size: 2 });

interface Running {
  readonly sandbox: ProviderApp<ToyState>;
  readonly server: TestServer;
}

async function start(settings: Settings = {}): Promise<Running> {
  const sandbox = createProviderApp(toyProvider, { credentials: toyProvider.defaultCredentials, settings });
  return { sandbox, server: await serve(sandbox.app) };
}

async function stop({ sandbox, server }: Running): Promise<void> {
  sandbox.close();
  await server.close();
}

/** The namespace as a header, or nothing for the default namespace. */
const inNamespace = (name: string | undefined): Record<string, string> =>
  name === undefined ? {} : { 'x-sandbox-namespace': name };

describe('namespaces on the toy provider', () => {
  let running: Running;
  let url: string;
  beforeAll(async () => {
    running = await start();
    url = running.server.url;
    // Prism's first answer loads the spec (seconds on a loaded machine): once here, not inside a test.
    await (await fetch(`${url}/toy-page`)).text();
  }, 120_000);
  afterAll(() => stop(running));
  beforeEach(() => {
    running.sandbox.reset();
    for (const name of running.sandbox.namespaceNames()) running.sandbox.namespace(name).reset();
  });

  const createWidget = (namespace?: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/toy/widgets/`, {
      method: 'POST',
      headers: { ...JSON_KEY, ...inNamespace(namespace), ...headers },
      body: WIDGET,
    });
  const getWidget = (namespace?: string) =>
    fetch(`${url}/toy/widgets/W-00001`, { headers: { ...KEY, ...inNamespace(namespace) } });
  const control = async (namespace: string | undefined, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/__sandbox${path}`, {
      method,
      headers: inNamespace(namespace),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const journalOf = async (namespace?: string) =>
    ((await control(namespace, 'GET', '/requests')).body as { requests: { path: string; status: number }[] })
      .requests;

  it('keeps state apart: what one namespace creates, no other one (nor the default) sees', async () => {
    expect((await createWidget('ci-a')).status).toBe(201);
    expect((await getWidget('ci-a')).status).toBe(200);
    expect((await getWidget('ci-b')).status).toBe(404);
    expect((await getWidget()).status).toBe(404);
    // Each namespace numbers its own objects from the start.
    expect(await (await createWidget('ci-b')).json()).toMatchObject({ id: 'W-00001' });
    expect(await (await createWidget()).json()).toMatchObject({ id: 'W-00001' });
  });

  it('takes the /__ns/NAME/ path prefix as it takes the header, for requests and control requests alike', async () => {
    expect((await createWidget('ci-a')).status).toBe(201);
    const byPrefix = await fetch(`${url}/__ns/ci-a/toy/widgets/W-00001`, { headers: KEY });
    expect(byPrefix.status).toBe(200);
    // Both, naming the same namespace, are the same.
    const both = await fetch(`${url}/__ns/ci-a/toy/widgets/W-00001`, {
      headers: { ...KEY, ...inNamespace('ci-a') },
    });
    expect(both.status).toBe(200);
    const prefixed = (await (await fetch(`${url}/__ns/ci-a/__sandbox/requests`)).json()) as {
      requests: unknown[];
    };
    expect(prefixed.requests).toEqual(await journalOf('ci-a'));
    // The prefix is taken off before routing: the journal shows the provider's path.
    expect((await journalOf('ci-a')).map((entry) => entry.path)).toEqual([
      '/toy/widgets/',
      '/toy/widgets/W-00001',
      '/toy/widgets/W-00001',
    ]);
    const health = await fetch(`${url}/__ns/ci-a/__sandbox/health`);
    expect(await health.json()).toEqual({ provider: 'toy', status: 'ok' });
    // A query right after the name.
    expect((await fetch(`${url}/__ns/ci-a?x=1`)).status).toBe(404);
  });

  it('gives each namespace its own clock', async () => {
    const frozen = await control('ci-a', 'POST', '/clock', { now: '2031-05-06T07:08:09Z' });
    expect(frozen).toMatchObject({ status: 200, body: { now: '2031-05-06T07:08:09.000Z', frozen: true } });
    await control('ci-a', 'POST', '/clock', { advanceSeconds: 60 });
    expect((await control('ci-a', 'GET', '/clock')).body).toMatchObject({ now: '2031-05-06T07:09:09.000Z' });
    for (const other of ['ci-b', undefined]) {
      const clock = (await control(other, 'GET', '/clock')).body as { now: string; frozen: boolean };
      expect(clock.frozen).toBe(false);
      expect(Math.abs(Date.parse(clock.now) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('fires a fault only in the namespace it was set in', async () => {
    const added = await control('ci-a', 'POST', '/faults', { operationId: 'createWidget', status: 503 });
    expect(added.status).toBe(201);
    const faulted = await createWidget('ci-a');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('x-sandbox-reason')).toBe('TOY_FAULT_INJECTED');
    expect((await createWidget('ci-b')).status).toBe(201);
    expect((await createWidget()).status).toBe(201);
    expect((await control('ci-b', 'GET', '/faults')).body).toEqual({ faults: [] });
  });

  it('revokes a key only in the namespace it was revoked in', async () => {
    expect((await control('ci-a', 'POST', '/keys/revoke', { key: 'toy_test_key' })).status).toBe(200);
    const refused = await createWidget('ci-a');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-sandbox-reason')).toBe('TOY_KEY_REVOKED');
    expect((await createWidget('ci-b')).status).toBe(201);
    expect((await createWidget()).status).toBe(201);
  });

  it('journals each request in its namespace only, and names the entry there in X-Sandbox-Journal', async () => {
    const refused = await getWidget('ci-a');
    expect(refused.status).toBe(404);
    const entryUrl = refused.headers.get('x-sandbox-journal') as string;
    expect(entryUrl).toMatch(new RegExp(`^${url}/__ns/ci-a/__sandbox/requests/\\d+$`));
    // Followed as it is, without a header.
    const entry = (await (await fetch(entryUrl)).json()) as { path: string; status: number };
    expect(entry).toMatchObject({ path: '/toy/widgets/W-00001', status: 404 });
    expect(await journalOf('ci-a')).toHaveLength(1);
    expect(await journalOf('ci-b')).toEqual([]);
    expect(await journalOf()).toEqual([]);
    // The default namespace's URL has no prefix.
    expect((await getWidget()).headers.get('x-sandbox-journal')).toMatch(
      new RegExp(`^${url}/__sandbox/requests/\\d+$`),
    );
    // The inspector's feed reads the namespace too.
    const feed = (await (
      await fetch(`${url}/__ns/ci-a/__sandbox/inspector/feed?provider=toy&since=0`)
    ).json()) as {
      requests: unknown[];
    };
    expect(feed.requests).toHaveLength(1);
  });

  it('keeps idempotency keys apart', async () => {
    const key = { 'idempotency-key': 'same-key-1' };
    expect((await createWidget('ci-a', key)).status).toBe(201);
    expect((await createWidget('ci-b', key)).status).toBe(201);
    const replayed = await createWidget('ci-a', key);
    expect(replayed.status).toBe(409);
    expect(replayed.headers.get('x-sandbox-reason')).toBe('TOY_IDEMPOTENT_REPLAY');
  });

  it('resets one namespace only: a named one, or the default', async () => {
    for (const namespace of ['ci-a', 'ci-b', undefined])
      expect((await createWidget(namespace)).status).toBe(201);
    await control('ci-b', 'POST', '/clock', { now: '2031-01-01T00:00:00Z' });
    expect((await control('ci-a', 'POST', '/reset')).status).toBe(204);
    expect((await getWidget('ci-a')).status).toBe(404);
    expect((await getWidget('ci-b')).status).toBe(200);
    expect((await getWidget()).status).toBe(200);
    expect((await control('ci-b', 'GET', '/clock')).body).toMatchObject({ frozen: true });
    expect((await control(undefined, 'POST', '/reset')).status).toBe(204);
    expect((await getWidget()).status).toBe(404);
    expect((await getWidget('ci-b')).status).toBe(200);
  });

  it('sets provider states up in the namespace named', async () => {
    const setUp = await control('ci-a', 'POST', '/provider-states', { state: 'a widget exists', params: {} });
    expect(setUp).toEqual({ status: 200, body: { widget_id: 'W-00042' } });
    expect((await fetch(`${url}/__ns/ci-a/toy/widgets/W-00042`, { headers: KEY })).status).toBe(200);
    expect((await fetch(`${url}/__ns/ci-b/toy/widgets/W-00042`, { headers: KEY })).status).toBe(404);
  });

  it('refuses an invalid name in the provider’s error shape, journaled in the default namespace, creating none', async () => {
    const before = running.sandbox.namespaceNames();
    const invalid = [
      { headers: inNamespace('has space'), path: '/toy/widgets/W-00001' },
      { headers: inNamespace(''), path: '/toy/widgets/W-00001' },
      { headers: inNamespace('x'.repeat(65)), path: '/toy/widgets/W-00001' },
      { headers: {}, path: '/__ns//toy/widgets/W-00001' },
      { headers: {}, path: '/__ns/%41/toy/widgets/W-00001' },
      { headers: {}, path: '/__ns/a:b/toy/widgets/W-00001' },
    ];
    for (const { headers, path } of invalid) {
      const response = await fetch(`${url}${path}`, { headers: { ...KEY, ...headers } });
      expect({ path, status: response.status, reason: response.headers.get('x-sandbox-reason') }).toEqual({
        path,
        status: 400,
        reason: 'TOY_NAMESPACE_INVALID',
      });
      expect(await response.json()).toMatchObject({ code: 'TOY_NAMESPACE_INVALID' });
      expect(response.headers.get('x-sandbox-journal')).toMatch(new RegExp(`^${url}/__sandbox/requests/`));
    }
    // The longest name is fine.
    expect((await getWidget('x'.repeat(64))).status).toBe(404);
    expect(running.sandbox.namespaceNames()).toEqual([...before, 'x'.repeat(64)]);
    expect(await journalOf()).toHaveLength(invalid.length);
  });

  it('refuses a header and a prefix that name different namespaces', async () => {
    const response = await fetch(`${url}/__ns/ci-a/toy/widgets/W-00001`, {
      headers: { ...KEY, ...inNamespace('ci-b') },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-sandbox-reason')).toBe('TOY_NAMESPACE_CONFLICT');
    expect(await response.json()).toMatchObject({ code: 'TOY_NAMESPACE_CONFLICT' });
  });

  it('refuses an invalid namespace on the control surface as the control surface refuses, changing nothing', async () => {
    const reset = await fetch(`${url}/__ns/bad%20name/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(400);
    expect(reset.headers.get('x-sandbox-reason')).toBe('TOY_NAMESPACE_INVALID');
    expect(await reset.json()).toEqual({ error: expect.stringContaining('namespace') });
    const conflict = await fetch(`${url}/__ns/ci-a/__sandbox/clock`, { headers: inNamespace('ci-b') });
    expect(conflict.status).toBe(400);
    expect(conflict.headers.get('x-sandbox-reason')).toBe('TOY_NAMESPACE_CONFLICT');
  });

  it('serves many namespaces at once, each seeing only its own', async () => {
    const names = Array.from({ length: 20 }, (_, index) => `job-${index}`);
    const created = await Promise.all(
      names
        .flatMap((name) => [createWidget(name), createWidget(name)])
        .map(async (pending) => ((await (await pending).json()) as { id: string }).id),
    );
    // Two per namespace, numbered 1 and 2 in each whatever the interleaving.
    for (let index = 0; index < names.length; index += 1) {
      expect([created[2 * index], created[2 * index + 1]].sort()).toEqual(['W-00001', 'W-00002']);
    }
    const journals = await Promise.all(names.map((name) => journalOf(name)));
    expect(journals.map((entries) => entries.length)).toEqual(names.map(() => 2));
  });
});

describe('namespaces with config faults and a bound', () => {
  it('installs the config’s faults in every namespace, at creation and after its reset', async () => {
    const running = await start({ faults: [{ operationId: 'ping', status: 503, times: 1 }] });
    try {
      const ping = (namespace?: string) =>
        fetch(`${running.server.url}/toy/open/ping`, { headers: inNamespace(namespace) }).then(
          (r) => r.status,
        );
      expect(await ping('ci-a')).toBe(503);
      expect(await ping('ci-a')).not.toBe(503);
      expect(await ping('ci-b')).toBe(503);
      expect(await ping()).toBe(503);
      await fetch(`${running.server.url}/__ns/ci-a/__sandbox/reset`, { method: 'POST' });
      expect(await ping('ci-a')).toBe(503);
    } finally {
      await stop(running);
    }
  });

  it('evicts the least recently used namespace past maxNamespaces, freeing it, and stops its deliveries', async () => {
    const receiver = await startWebhookReceiver(500);
    const running = await start({ maxNamespaces: 2 });
    const { sandbox } = running;
    const { url } = running.server;
    try {
      const create = (namespace: string, body: Record<string, unknown>) =>
        fetch(`${url}/toy/gadgets/`, {
          method: 'POST',
          headers: { ...JSON_KEY, ...inNamespace(namespace) },
          body: JSON.stringify(body),
        });
      expect((await create('ci-a', { name: 'a' })).status).toBe(201);
      // B's gadget notifies a receiver that answers 500: a retry stays pending on B's clock.
      expect((await create('ci-b', { name: 'b', notify: `${receiver.url}/hook` })).status).toBe(201);
      await receiver.waitFor(1);
      const evicted = sandbox.namespace('ci-b');
      expect(evicted.webhooks.list()).toEqual([expect.objectContaining({ state: 'pending' })]);
      const evictedState = new WeakRef(evicted.state());
      // A is used again, so B is the least recently used when C arrives.
      expect((await fetch(`${url}/__ns/ci-a/toy/gadgets/G-00001`, { headers: KEY })).status).toBe(200);
      expect(sandbox.namespaceNames()).toEqual(['ci-b', 'ci-a']);
      expect((await create('ci-c', { name: 'c' })).status).toBe(201);
      expect(sandbox.namespaceNames()).toEqual(['ci-a', 'ci-c']);
      expect(sandbox.inspect('ci-b')).toBeUndefined();
      // Its deliveries are gone and no retry fires, whatever its clock does.
      expect(evicted.webhooks.list()).toEqual([]);
      evicted.clock.advance(3600);
      await evicted.webhooks.settle();
      expect(receiver.received).toHaveLength(1);
      // Its memory is freed: nothing holds its state any more.
      await collectGarbage();
      expect(evictedState.deref()).toBeUndefined();
      // Named again, it starts afresh (evicting A, the least recently used now).
      expect((await fetch(`${url}/__ns/ci-b/toy/gadgets/G-00001`, { headers: KEY })).status).toBe(404);
      expect(sandbox.namespaceNames()).toEqual(['ci-c', 'ci-b']);
    } finally {
      await stop(running);
      await receiver.close();
    }
  });

  it('refuses a maxNamespaces out of its range', () => {
    for (const maxNamespaces of [0, 1025, 1.5]) {
      expect(() =>
        createProviderApp(toyProvider, {
          credentials: toyProvider.defaultCredentials,
          settings: { maxNamespaces },
        }),
      ).toThrow(/maxNamespaces/);
    }
  });
});

/** A full garbage collection, once what the current job still references weakly is let go. */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}
