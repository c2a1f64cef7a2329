import { startWebhookReceiver, type WebhookReceiver } from '../../../test/helpers/webhook-receiver';
import { SandboxClock } from '../clock';
import { MemoryStateStore } from '../state/memory-store';
import { SharedDeliveries } from '../state/shared-deliveries';
import { SharedOutbox } from './shared-outbox';

/** Two processes' outboxes over one store, each with its own clock following the same time. */
describe('SharedOutbox', () => {
  let receiver: WebhookReceiver;
  let store: MemoryStateStore;
  let outboxes: SharedOutbox[];
  let clocks: SandboxClock[];

  beforeEach(async () => {
    receiver = await startWebhookReceiver(204);
    store = new MemoryStateStore();
    clocks = [new SandboxClock(), new SandboxClock()];
    for (const clock of clocks) clock.freezeAt(new Date('2030-01-01T00:00:00Z'));
    outboxes = clocks.map(
      (clock) => new SharedOutbox({ deliveries: new SharedDeliveries(store, 'toy'), clock, timeoutMs: 2000 }),
    );
  });
  afterEach(async () => {
    for (const outbox of outboxes) outbox.close();
    await receiver.close();
  });

  const enqueue = (outbox: SharedOutbox, retrySchedule: number[] = []) =>
    outbox.enqueue({ url: `${receiver.url}/hook`, event: 'thing.created', body: { n: 1 }, retrySchedule });

  it('delivers an attempt once while both processes look for due attempts', async () => {
    const [a, b] = outboxes as [SharedOutbox, SharedOutbox];
    enqueue(a);
    await Promise.all([a.settleDue(), b.settleDue(), b.settleDue()]);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await b.list();
    expect(delivery).toMatchObject({ event: 'thing.created', state: 'delivered', nextAttemptAt: null });
    expect(delivery?.attempts).toHaveLength(1);
  });

  it('runs a retry in whichever process sees the clock reach it', async () => {
    const [a, b] = outboxes as [SharedOutbox, SharedOutbox];
    receiver.answerNext(503);
    enqueue(a, [60]);
    await a.settleDue();
    expect((await b.list())[0]).toMatchObject({
      state: 'pending',
      nextAttemptAt: '2030-01-01T00:01:00.000Z',
    });
    // The clock move reaches B (at its next request, in the runtime): its loop runs the retry.
    (clocks[1] as SandboxClock).advance(60);
    await b.settleDue();
    expect(receiver.received).toHaveLength(2);
    expect((await a.list())[0]).toMatchObject({ state: 'delivered' });
  });

  it('attempts nothing once closed', async () => {
    const [a] = outboxes as [SharedOutbox];
    a.close();
    enqueue(a);
    await a.settleDue();
    expect(receiver.received).toHaveLength(0);
    expect((await a.list())[0]).toMatchObject({ state: 'pending' });
  });
});
