import { createHmac } from 'node:crypto';
import { freePort } from '../../../test/helpers/free-port';
import { startWebhookReceiver, type WebhookReceiver } from '../../../test/helpers/webhook-receiver';
import { SandboxClock } from '../clock';
import { WebhookOutbox, type DeliveryView } from './outbox';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (seconds: number): string => new Date(T0.getTime() + seconds * 1000).toISOString();

let clock: SandboxClock;
let outbox: WebhookOutbox;
let receiver: WebhookReceiver;

beforeEach(async () => {
  clock = new SandboxClock();
  clock.freezeAt(T0);
  outbox = new WebhookOutbox({ clock });
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  outbox.close();
  await receiver.close();
});

const only = (): DeliveryView => {
  const [delivery, ...others] = outbox.list();
  expect(others).toHaveLength(0);
  return delivery as DeliveryView;
};
const enqueue = (retrySchedule: readonly number[], path = '/hooks') =>
  outbox.enqueue({ url: `${receiver.url}${path}`, event: 'thing.created', body: { n: 1 }, retrySchedule });

describe('WebhookOutbox delivering', () => {
  it('sends the body with signature headers computed over the exact bytes sent', async () => {
    const sign = (raw: Buffer, delivery: { id: string }) => ({
      'X-Signature': createHmac('sha256', 'test-secret').update(raw).digest('hex'),
      'X-Delivery-Id': delivery.id,
    });
    const enqueued = outbox.enqueue({
      url: `${receiver.url}/hooks?x=1`,
      event: 'thing.created',
      body: { name: 'Zoë', amount: 12.5 },
      sign,
      retrySchedule: [],
    });
    expect(enqueued).toMatchObject({ state: 'pending', nextAttemptAt: T0.toISOString(), attempts: [] });

    const [request] = await receiver.waitFor(1);
    await outbox.settle();
    const view = only();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hooks?x=1');
    const expected = createHmac('sha256', 'test-secret')
      .update(request?.rawBody ?? '')
      .digest('hex');
    expect(request?.headers['x-signature']).toBe(expected);
    expect(request?.headers['x-delivery-id']).toBe(view.id);
    expect(request?.rawBody.toString('utf8')).toBe('{"name":"Zoë","amount":12.5}');
    expect(view.body).toBe('{"name":"Zoë","amount":12.5}');
    // The listing shows every header as the receiver got it.
    for (const [name, value] of Object.entries(view.headers)) expect(request?.headers[name]).toBe(value);
    expect(view.headers['content-type']).toBe('application/json');
    expect(view).toMatchObject({
      id: enqueued.id,
      event: 'thing.created',
      state: 'delivered',
      nextAttemptAt: null,
      attempts: [{ at: at(0), status: 200 }],
    });
  });

  it('sends a string body as is, with the content type given', async () => {
    outbox.enqueue({
      url: receiver.url,
      event: 'e',
      body: 'a=1&b=2',
      contentType: 'application/x-www-form-urlencoded',
      retrySchedule: [],
    });
    const [request] = await receiver.waitFor(1);
    expect(request?.rawBody.toString()).toBe('a=1&b=2');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('does not follow a redirect: a 3xx is a failed attempt', async () => {
    receiver.answerNext(302);
    enqueue([]);
    await receiver.waitFor(1);
    await outbox.settle();
    expect(only()).toMatchObject({ state: 'failed', attempts: [{ status: 302 }] });
  });
});

describe('WebhookOutbox retrying on the sandbox clock', () => {
  it('retries a 500 only when the frozen clock reaches the next due time', async () => {
    receiver.answerNext(500, 500);
    enqueue([30, 60]);
    await outbox.settle();
    expect(receiver.received).toHaveLength(1);
    expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(30), attempts: [{ status: 500 }] });

    clock.advance(29);
    await outbox.settle();
    expect(receiver.received).toHaveLength(1);

    clock.advance(1);
    await outbox.settle();
    expect(receiver.received).toHaveLength(2);
    expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(90) });

    clock.advance(60);
    await outbox.settle();
    expect(only()).toMatchObject({
      state: 'delivered',
      nextAttemptAt: null,
      attempts: [
        { at: at(0), status: 500 },
        { at: at(30), status: 500 },
        { at: at(90), status: 200 },
      ],
    });
  });

  it('runs in order every retry a single move makes due, then fails after the last one', async () => {
    const failing = await startWebhookReceiver(500);
    try {
      outbox.enqueue({ url: failing.url, event: 'e', body: {}, retrySchedule: [10, 10, 10] });
      await outbox.settle();
      clock.advance(25);
      await outbox.settle();
      expect(failing.received).toHaveLength(3);
      expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(30) });
      expect(only().attempts.map((attempt) => attempt.at)).toEqual([at(0), at(25), at(25)]);

      clock.advance(100);
      await outbox.settle();
      expect(failing.received).toHaveLength(4);
      expect(only()).toMatchObject({ state: 'failed', nextAttemptAt: null });
    } finally {
      await failing.close();
    }
  });

  it('retries a refused connection', async () => {
    const closedPort = await freePort();
    outbox.enqueue({ url: `http://127.0.0.1:${closedPort}/`, event: 'e', body: {}, retrySchedule: [5] });
    await outbox.settle();
    expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(5) });
    clock.advance(5);
    await outbox.settle();
    const view = only();
    expect(view.state).toBe('failed');
    expect(view.attempts).toHaveLength(2);
    for (const attempt of view.attempts)
      expect(attempt).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('fires retries on a timer while the clock runs in real time', async () => {
    clock.useRealTime();
    receiver.answerNext(500);
    enqueue([0.05]);
    await receiver.waitFor(2);
    await outbox.settle();
    expect(only()).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 200 }] });
  });

  it('flush makes every pending delivery due now and waits for the attempts', async () => {
    receiver.answerNext(500);
    enqueue([3600]);
    await outbox.settle();
    expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(3600) });
    await outbox.flush();
    expect(receiver.received).toHaveLength(2);
    expect(only()).toMatchObject({ state: 'delivered', attempts: [{ at: at(0) }, { at: at(0) }] });
  });

  it('records a receiver that does not answer in time as a failed attempt', async () => {
    const patient = new WebhookOutbox({ clock, timeoutMs: 100 });
    try {
      receiver.answerNext('hang');
      patient.enqueue({ url: receiver.url, event: 'e', body: {}, retrySchedule: [] });
      await patient.settle();
      expect(patient.list()[0]).toMatchObject({
        state: 'failed',
        attempts: [{ error: 'no response within 100 ms' }],
      });
    } finally {
      patient.close();
    }
  });
});

describe('WebhookOutbox waiting for a control call (settleDue)', () => {
  it('waits for the attempt due at the call, not for retries the real clock makes due later', async () => {
    const realTime = new SandboxClock();
    const live = new WebhookOutbox({ clock: realTime });
    const failing = await startWebhookReceiver(500);
    try {
      live.enqueue({ url: failing.url, event: 'e', body: {}, retrySchedule: [2, 2, 2] });
      // Waiting for every run (settle) would follow the retries through 6 s of real time; settleDue stops at
      // the attempt that was due.
      expect(await live.settleDue()).toEqual([]);
      expect(live.list()[0]).toMatchObject({ state: 'pending', attempts: [{ status: 500 }] });
    } finally {
      live.close();
      await failing.close();
    }
  });

  it('waits for the attempt a clock move made due, which its own timeout ends', async () => {
    const patient = new WebhookOutbox({ clock, timeoutMs: 100 });
    try {
      receiver.answerNext('hang', 'hang');
      const { id } = patient.enqueue({ url: receiver.url, event: 'e', body: {}, retrySchedule: [10] });
      await patient.settleDue();
      clock.advance(10);
      // The retry the move made due started at the move, so its own timeout ends it before the wait does.
      expect(await patient.settleDue()).toEqual([]);
      expect(patient.list()[0]).toMatchObject({ id, state: 'failed' });
    } finally {
      patient.close();
    }
  });
});

describe('WebhookOutbox clearing and bounds', () => {
  it('clear forgets every delivery and cancels the pending retries', async () => {
    receiver.answerNext(500);
    enqueue([10], '/first');
    await outbox.settle();
    outbox.clear();
    expect(outbox.list()).toEqual([]);

    clock.advance(60);
    await outbox.settle();
    enqueue([], '/second');
    await outbox.settle();
    // Had the first delivery's retry survived, it would have reached the receiver before the second.
    expect(receiver.received.map((request) => request.path)).toEqual(['/first', '/second']);
    expect(only()).toMatchObject({ url: `${receiver.url}/second`, state: 'delivered' });
  });

  it('clear aborts an attempt in flight without recording it', async () => {
    receiver.answerNext('hang');
    enqueue([10]);
    await receiver.waitFor(1);
    outbox.clear();
    await outbox.settle();
    expect(outbox.list()).toEqual([]);
  });

  it('keeps at most `capacity` deliveries, dropping finished ones first and the dropped never retrying', async () => {
    const small = new WebhookOutbox({ clock, capacity: 2 });
    const failing = await startWebhookReceiver(500);
    try {
      // Each first attempt ends before the next enqueue, so what is dropped is never in flight.
      const send = async (url: string) => {
        small.enqueue({ url, event: 'e', body: {}, retrySchedule: [60] });
        await small.settle();
      };
      const kept = () => small.list().map((delivery) => delivery.url);
      await send(`${failing.url}/p1`);
      await send('not a url');
      await send(`${failing.url}/p2`);
      expect(kept()).toEqual([`${failing.url}/p1`, `${failing.url}/p2`]);
      await send(`${failing.url}/p3`);
      expect(kept()).toEqual([`${failing.url}/p2`, `${failing.url}/p3`]);

      clock.advance(60);
      await small.settle();
      const paths = failing.received.map((request) => request.path).sort();
      expect(paths).toEqual(['/p1', '/p2', '/p2', '/p3', '/p3']);
    } finally {
      small.close();
      await failing.close();
    }
  });

  it('records a bad URL as a failed delivery instead of throwing', () => {
    for (const url of [
      'not a url',
      'ftp://127.0.0.1/x',
      'file:///etc/passwd',
      `http://x/${'a'.repeat(3000)}`,
    ]) {
      const view = outbox.enqueue({ url, event: 'e', body: {}, retrySchedule: [1, 2] });
      expect(view).toMatchObject({
        state: 'failed',
        nextAttemptAt: null,
        attempts: [{ at: at(0), durationMs: 0 }],
      });
      expect(view.attempts[0]).toHaveProperty('error');
      expect(view.url.length).toBeLessThanOrEqual(2049);
    }
  });

  it('throws on what only a provider bug produces, recording nothing', () => {
    const base = { url: receiver.url, event: 'e', body: {}, retrySchedule: [] as number[] };
    const bugs = [
      { ...base, retrySchedule: [-1] },
      { ...base, retrySchedule: new Array<number>(21).fill(1) },
      { ...base, event: '' },
      { ...base, body: 'x'.repeat(64 * 1024 + 1) },
      { ...base, body: 42 },
      { ...base, body: { big: 1n } },
      { ...base, sign: () => ({ 'Content-Length': '1' }) },
      { ...base, sign: () => ({ 'X-Bad': 'a\nb' }) },
      { ...base, sign: () => ({ 'X-Number': 1 }) as unknown as Record<string, string> },
      {
        ...base,
        sign: () => {
          throw new Error('no key');
        },
      },
    ];
    for (const bug of bugs) expect(() => outbox.enqueue(bug)).toThrow(/^webhook outbox: /);
    expect(outbox.list()).toEqual([]);
  });

  it('range-checks its options', () => {
    for (const options of [{ timeoutMs: 0 }, { capacity: 0.5 }, { maxBodyBytes: 2 * 1024 * 1024 }]) {
      expect(() => new WebhookOutbox({ clock, ...options })).toThrow(RangeError);
    }
  });

  it('after close, clock moves fire nothing and the listing stays', async () => {
    receiver.answerNext(500);
    enqueue([10]);
    await outbox.settle();
    outbox.close();
    clock.advance(60);
    await outbox.flush();
    expect(receiver.received).toHaveLength(1);
    expect(only()).toMatchObject({ state: 'pending', nextAttemptAt: at(10) });
  });
});
