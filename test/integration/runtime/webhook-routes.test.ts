import express from 'express';
import { SandboxClock } from '../../../mocks/runtime/clock';
import { webhookRoutes } from '../../../mocks/runtime/webhooks/control-routes';
import { WebhookOutbox } from '../../../mocks/runtime/webhooks/outbox';
import { serve, type TestServer } from '../../helpers/http-server';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver';

describe('webhookRoutes over HTTP', () => {
  const clock = new SandboxClock();
  const outbox = new WebhookOutbox({ clock });
  let server: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    const app = express();
    app.use(
      '/__sandbox/webhooks',
      webhookRoutes(() => outbox, 'TOY_STATE_UNAVAILABLE'),
    );
    server = await serve(app);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    outbox.close();
    await Promise.all([server.close(), receiver.close()]);
  });

  it('lists the deliveries and flushes the pending ones', async () => {
    clock.freezeAt(new Date('2030-01-01T00:00:00.000Z'));
    receiver.answerNext(500);
    outbox.enqueue({
      url: `${receiver.url}/hook`,
      event: 'thing.updated',
      body: { id: 'T1' },
      sign: () => ({ 'x-signature': 'sig' }),
      retrySchedule: [3600],
    });
    await outbox.settle();

    const listed = await fetch(`${server.url}/__sandbox/webhooks`);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      deliveries: [
        {
          id: expect.any(String),
          url: `${receiver.url}/hook`,
          event: 'thing.updated',
          attempts: [{ at: '2030-01-01T00:00:00.000Z', status: 500, durationMs: expect.any(Number) }],
          state: 'pending',
          nextAttemptAt: '2030-01-01T01:00:00.000Z',
          body: '{"id":"T1"}',
          headers: expect.objectContaining({ 'x-signature': 'sig', 'content-type': 'application/json' }),
        },
      ],
    });

    const flushed = await fetch(`${server.url}/__sandbox/webhooks/flush`, { method: 'POST' });
    expect(flushed.status).toBe(200);
    const { deliveries } = (await flushed.json()) as { deliveries: { state: string; attempts: unknown[] }[] };
    expect(deliveries).toMatchObject([{ state: 'delivered', nextAttemptAt: null }]);
    expect(deliveries[0]?.attempts).toHaveLength(2);
    expect(receiver.received).toHaveLength(2);
  });
});
