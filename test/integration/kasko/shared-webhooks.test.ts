/**
 * Webhook deliveries on a shared store: two KASKO apps ("processes") on one store each run a delivery loop;
 * a notification enqueued by the process whose run committed is delivered once, whichever loop claims it,
 * and both list it. The store is a MemoryStateStore, then a redis-server of the test's own.
 */
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import { defaultSettingsOf, type Credentials, type Settings } from '../../../mocks/runtime/provider';
import { MemoryStateStore } from '../../../mocks/runtime/state/memory-store';
import type { StateStore } from '../../../mocks/runtime/state/store';
import { kaskoProvider } from '../../../mocks/kasko/provider';
import { kaskoMediaTypeFor } from '../../../src/kasko/media-types';
import { kaskoRequestSigner } from '../../../src/kasko/request-signer';
import { serve, type TestServer } from '../../helpers/http-server';
import { offerBody, PUBLIC_KEY, QUOTE_BODY, SECRET_KEY } from '../../helpers/kasko';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver';
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../helpers/state-stores';

interface Process {
  readonly sandbox: ProviderApp;
  readonly server: TestServer;
}

const stores = useStateStores();

describe.each(STORE_KINDS)('KASKO webhooks on a %s store shared by two processes', (kind) => {
  let harness: StoreHarness | undefined;
  let store: StateStore;
  let receiver: WebhookReceiver;
  let processes: Process[];

  const start = async (on: StateStore): Promise<Process> => {
    const sandbox = createProviderApp(kaskoProvider, {
      credentials: kaskoProvider.defaultCredentials as Credentials,
      settings: { ...defaultSettingsOf(kaskoProvider), webhookUrl: `${receiver.url}/kasko` } as Settings,
      stateStore: on,
    }) as ProviderApp;
    return { sandbox, server: await serve(sandbox.app) };
  };
  const call = async (process: Process, method: string, path: string, body: unknown) => {
    const response = await fetch(`${process.server.url}${path}`, {
      method,
      headers: {
        ...kaskoRequestSigner(SECRET_KEY)(),
        accept: kaskoMediaTypeFor(method, path.split('?')[0] as string) as string,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as Record<string, string>;
  };
  const control = async (process: Process, method: string, path: string) =>
    (await (await fetch(`${process.server.url}/__sandbox${path}`, { method })).json()) as {
      deliveries: { state: string; attempts: unknown[] }[];
    };

  beforeAll(async () => {
    receiver = await startWebhookReceiver(204);
    if (kind === 'memory') store = new MemoryStateStore();
    else store = (harness = await stores.harness(kind)).store;
    const other = harness ? await harness.another() : store;
    processes = [await start(store), await start(other)];
  });
  afterAll(async () => {
    for (const { sandbox, server } of processes) {
      sandbox.close();
      await server.close();
    }
    await (harness ? harness.close() : store.close());
    await receiver.close();
  });

  it('delivers a notification once while both processes run their loops', async () => {
    const [a, b] = processes as [Process, Process];
    const { token } = await call(a, 'POST', `/quotes?key=${PUBLIC_KEY}`, QUOTE_BODY);
    const policy = await call(a, 'POST', '/policies', offerBody(token as string));
    await call(a, 'POST', '/payments', {
      token: policy.payment_token,
      policy_id: policy.id,
      method: 'invoice',
      provider: 'invoice',
    });
    // Both loops look for due attempts at once: one claims the attempt, the other finds it taken.
    await Promise.all([control(a, 'POST', '/webhooks/flush'), control(b, 'POST', '/webhooks/flush')]);
    await receiver.waitFor(1);
    const listed = await control(b, 'GET', '/webhooks');
    expect(listed.deliveries).toHaveLength(1);
    expect(listed.deliveries[0]).toMatchObject({ state: 'delivered' });
    expect(listed.deliveries[0]?.attempts).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });
});
