import { verifyKaskoWebhook } from '../../../src/kasko/webhook-signature';
import {
  flushWebhooks,
  setClock,
  startWebhookReceiver,
  webhookDeliveries,
  type WebhookReceiver,
} from '../../helpers/sandbox';
import { useKaskoSandbox, WEBHOOK_SECRET } from '../../helpers/kasko';

describe('KASKO notifications', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(204);
  });
  afterAll(() => receiver.close());
  const kasko = useKaskoSandbox(() => ({ webhookUrl: `${receiver.url}/kasko` }));

  it('sends policy.created on payment and policy.updated on change, signed over the raw body', async () => {
    const before = receiver.received.length;
    const { id } = await kasko.paidPolicy();
    const etag = (await kasko.call('GET', `/policies/${id}`)).headers.get('etag') as string;
    await kasko.call('PATCH', `/policies/${id}`, {
      body: { last_name: 'Byron' },
      headers: { 'if-match': etag },
    });
    const received = (await receiver.waitFor(before + 2)).slice(before);
    const events = received.map((request) => request.headers['x-kasko-event']);
    expect(events.sort()).toEqual(['policy.created', 'policy.updated']);
    for (const request of received) {
      expect(
        verifyKaskoWebhook({ headers: request.headers, rawBody: request.rawBody }, WEBHOOK_SECRET).ok,
      ).toBe(true);
      expect(request.headers['x-kasko-delivery']).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.parse(request.rawBody.toString('utf8'))).toMatchObject({
        id,
        livemode: false,
        status: 'paid',
      });
    }
  });

  it('retries while the receiver fails, with the same delivery id on every attempt', async () => {
    await setClock(kasko.k.url, { now: '2030-01-01T00:00:00Z' });
    const before = receiver.received.length;
    receiver.answerNext(500, 503);
    await kasko.paidPolicy();
    await receiver.waitFor(before + 1);
    await setClock(kasko.k.url, { advanceSeconds: 60 });
    await receiver.waitFor(before + 2);
    await setClock(kasko.k.url, { advanceSeconds: 300 });
    const attempts = (await receiver.waitFor(before + 3)).slice(before);
    expect(new Set(attempts.map((request) => request.headers['x-kasko-delivery'])).size).toBe(1);
    const [delivery] = await flushWebhooks(kasko.k.url);
    expect(delivery).toMatchObject({ state: 'delivered', event: 'policy.created' });
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 204]);
  });
});

describe('KASKO without a webhook URL', () => {
  const kasko = useKaskoSandbox();

  it('sends no notification', async () => {
    await kasko.paidPolicy();
    expect(await webhookDeliveries(kasko.k.url)).toEqual([]);
  });
});
