/**
 * Clock moves and flushes never hang on a receiver that never answers (issue 17, finding 8): they wait for
 * the attempts due at the moment of the call, each bounded by the per-attempt timeout (`webhookTimeoutMs`,
 * short here), and answer with the deliveries still in flight. Deterministic: the receiver holds every
 * request, and the answers are checked for what they say, not for how long they took.
 */
import { ensuroProvider } from '../../../mocks/ensuro/provider';
import { webhookTimeoutSetting } from '../../../mocks/runtime/common-settings';
import type { AnyProviderDefinition } from '../../../mocks/runtime/provider';
import { bodySignatureHeaders } from '../../../src/ensuro/body-signer';
import { toyProvider } from '../../fixtures/toy-provider';
import { BASE, EIP191, policyBody } from '../../helpers/ensuro';
import {
  setClock,
  startTestSandbox,
  startWebhookReceiver,
  type DeliveryView,
  type RunningTestSandbox,
  type WebhookReceiver,
} from '../../helpers/sandbox';

const TIMEOUT_MS = 150;
const NOW = '2030-01-01T00:00:00.000Z';
const timedOut = { error: `no response within ${TIMEOUT_MS} ms` };

/** The toy provider with the per-attempt timeout setting, as every provider that sends notifications has. */
const toyWithTimeout = {
  ...toyProvider,
  settings: { webhookTimeoutMs: webhookTimeoutSetting() },
} as AnyProviderDefinition;

interface Harness {
  running: RunningTestSandbox<unknown>;
  receiver: WebhookReceiver;
}

function useHangingReceiver(provider: AnyProviderDefinition, settings: (url: string) => object): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    harness.receiver = await startWebhookReceiver('hang');
    harness.running = (await startTestSandbox(provider, {
      settings: { webhookTimeoutMs: TIMEOUT_MS, ...settings(harness.receiver.url) },
    })) as RunningTestSandbox<unknown>;
  });
  afterAll(async () => {
    harness.running.sandbox.webhooks.close();
    await harness.running.server.close();
    await harness.receiver.close();
  });
  beforeEach(async () => {
    harness.running.sandbox.reset();
    await setClock(harness.running.url, { now: NOW });
  });
  return harness;
}

async function control<T>(url: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/__sandbox${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function deliveries(url: string): Promise<DeliveryView[]> {
  return ((await (await fetch(`${url}/__sandbox/webhooks`)).json()) as { deliveries: DeliveryView[] })
    .deliveries;
}

/** Until the first attempt has timed out: what a receiver that never answers leaves (no sleep, a poll). */
async function firstAttemptEnded(url: string): Promise<void> {
  while ((await deliveries(url))[0]?.attempts.length !== 1);
}

describe('a toy receiver that never answers', () => {
  const harness = useHangingReceiver(toyWithTimeout, () => ({}));

  it('holds a flush and a clock move one attempt at most, and the answers name what is still in flight', async () => {
    const { running, receiver } = harness;
    const created = await fetch(`${running.url}/toy/gadgets/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-toy-key': 'toy_test_key' },
      body: JSON.stringify({ name: 'lamp', notify: `${receiver.url}/hooks` }),
    });
    expect(created.status).toBe(201);
    await firstAttemptEnded(running.url);

    // A move past both retries: the first is waited for (it times out), the second is left in flight.
    const moved = await control<{ now: string; webhooksInFlight: string[] }>(running.url, '/clock', {
      advanceSeconds: 3600,
    });
    const [delivery] = await deliveries(running.url);
    expect(moved).toMatchObject({ now: '2030-01-01T01:00:00.000Z', webhooksInFlight: [delivery?.id] });
    expect(delivery).toMatchObject({ state: 'pending', attempts: [timedOut, timedOut] });
    await receiver.waitFor(3);

    // A flush waits for that attempt, the last: the delivery has failed and nothing is in flight.
    const flushed = await control<{ deliveries: DeliveryView[]; inFlight: string[] }>(
      running.url,
      '/webhooks/flush',
    );
    expect(flushed.inFlight).toEqual([]);
    expect(flushed.deliveries).toMatchObject([
      { id: delivery?.id, state: 'failed', attempts: [timedOut, timedOut, timedOut] },
    ]);
  });
});

describe('a slow Ensuro receiver', () => {
  const harness = useHangingReceiver(ensuroProvider, (url) => ({ webhookUrl: `${url}/ensuro` }));

  it('holds a one-day move one attempt, whatever the retries the day makes due', async () => {
    const { running } = harness;
    const body = JSON.stringify(policyBody(Date.parse(NOW)));
    const created = await fetch(`${running.url}${BASE}/new-policy`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': 'ensuro_test_api_key',
        ...bodySignatureHeaders(body, EIP191),
      },
      body,
    });
    expect(created.status).toBe(200);
    await firstAttemptEnded(running.url);
    const moved = await control<{ webhooksInFlight: string[] }>(running.url, '/clock', {
      advanceSeconds: 86_400,
    });
    const [delivery] = await deliveries(running.url);
    expect(moved.webhooksInFlight).toEqual([delivery?.id]);
    // The first retry the day made due was waited for (it timed out); the next ones were not.
    expect(delivery?.attempts).toMatchObject([timedOut, timedOut]);
    expect(delivery?.state).toBe('pending');
  });
});
