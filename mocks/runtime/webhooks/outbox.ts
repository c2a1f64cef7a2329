/**
 * The outbound webhook outbox: provider handlers enqueue deliveries (URL, event, body, signing function, retry
 * schedule); each is POSTed in the background, never blocking or failing the request that caused it.
 *
 * Attempts fall due on the sandbox clock. The first is due at enqueue; after a failed attempt (a non-2xx, a
 * refused connection, a timeout) retry i falls due `retrySchedule[i]` seconds after the attempt before it was
 * due. A clock move runs, in order, every attempt due by the new time (several retries of one delivery if the
 * move spans them); while the clock runs in real time one unref'd timer fires the next due attempt, while it is
 * frozen nothing fires until it moves or `flush()`. After the last retry fails the delivery is `failed`.
 *
 * A control call (a clock move, a flush) waits for the attempts due at the moment of the call, each bounded by
 * the per-attempt timeout, and for the retries they make due only while the whole wait stays within one
 * timeout (`settleDue`): a receiver that never answers holds it one timeout at most, and the answer names the
 * deliveries still in flight.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SandboxClock } from '../clock';
import { integerInRange } from '../in-range';
import { prepareDelivery, type DeliveryRequest, type PreparedDelivery } from './delivery-request';
import { postOnce } from './post-once';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export type DeliveryAttempt = { readonly at: string; readonly durationMs: number } & (
  { readonly status: number } | { readonly error: string }
);

/** A delivery as `GET /__sandbox/webhooks` shows it. */
export interface DeliveryView {
  readonly id: string;
  readonly url: string;
  readonly event: string;
  readonly attempts: readonly DeliveryAttempt[];
  readonly state: DeliveryState;
  /** When the next attempt is (or, while it runs, was) due; null once delivered or failed. */
  readonly nextAttemptAt: string | null;
  /** The body sent, as UTF-8 text. */
  readonly body: string;
  /** Every header sent, signature headers included. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface WebhookOutboxOptions {
  readonly clock: SandboxClock;
  /** How long an attempt waits for the response status; default 5 000, from 1 to 60 000. */
  readonly timeoutMs?: number;
  /** Deliveries kept; default 500, from 1 to 10 000. The oldest finished ones are dropped first. */
  readonly capacity?: number;
  /** Largest body accepted; default 64 KiB, from 1 byte to 1 MiB. */
  readonly maxBodyBytes?: number;
}

interface Delivery extends PreparedDelivery {
  readonly id: string;
  readonly attempts: DeliveryAttempt[];
  state: DeliveryState;
  /** Sandbox time (ms) the next attempt is due, while pending. */
  dueAtMs: number;
  running: boolean;
  /** Aborted when the delivery is cleared, dropped or the outbox closes: no attempt starts or is recorded after. */
  readonly cancel: AbortController;
  /** The attempt running now, until it ends. */
  attempt?: Promise<unknown>;
}

/** The per-attempt timeout: default, and the range the `webhookTimeoutMs` setting allows. */
export const WEBHOOK_TIMEOUT_MS = { default: 5000, min: 1, max: 60_000 } as const;

/** setTimeout's longest delay; a later due time is reached by re-arming. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class WebhookOutbox {
  private readonly clock: SandboxClock;
  private readonly timeoutMs: number;
  private readonly capacity: number;
  private readonly maxBodyBytes: number;
  /** Oldest first. */
  private deliveries: Delivery[] = [];
  private readonly runs = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(options: WebhookOutboxOptions) {
    this.clock = options.clock;
    this.timeoutMs = integerInRange(
      'webhook outbox: timeoutMs',
      options.timeoutMs ?? WEBHOOK_TIMEOUT_MS.default,
      WEBHOOK_TIMEOUT_MS.min,
      WEBHOOK_TIMEOUT_MS.max,
    );
    this.capacity = integerInRange('webhook outbox: capacity', options.capacity ?? 500, 1, 10_000);
    this.maxBodyBytes = integerInRange(
      'webhook outbox: maxBodyBytes',
      options.maxBodyBytes ?? 64 * 1024,
      1,
      1024 * 1024,
    );
    this.unsubscribe = this.clock.onChange(() => this.startDue());
  }

  /**
   * Records a delivery whose first attempt is due now and starts it in the background. Throws only on a
   * provider bug (see `prepareDelivery`); a bad URL is recorded as a failed delivery.
   */
  enqueue(request: DeliveryRequest): DeliveryView {
    const id = randomUUID();
    const prepared = prepareDelivery(request, id, this.maxBodyBytes);
    const now = this.clock.now();
    const delivery: Delivery = {
      ...prepared,
      id,
      attempts: [],
      state: 'pending',
      dueAtMs: now.getTime(),
      running: false,
      cancel: new AbortController(),
    };
    if (typeof prepared.target === 'string') {
      delivery.attempts.push({ at: now.toISOString(), error: prepared.target, durationMs: 0 });
      delivery.state = 'failed';
    }
    this.admit(delivery);
    const view = viewOf(delivery);
    this.startDue();
    return view;
  }

  /** Every delivery kept, newest last. */
  list(): DeliveryView[] {
    return this.deliveries.map(viewOf);
  }

  /**
   * Makes every pending delivery due now and waits for the attempts so started as `settleDue` does; resolves
   * with the ids of the deliveries still in flight.
   */
  async flush(): Promise<string[]> {
    const now = this.clock.now().getTime();
    for (const delivery of this.closed ? [] : this.deliveries) {
      if (delivery.state === 'pending' && !delivery.running) delivery.dueAtMs = now;
    }
    this.startDue();
    return this.settleDue();
  }

  /**
   * What a control call waits for: the attempts running at the moment of the call (those it made due, and any
   * already running), each bounded by the per-attempt timeout; then the retries they make due by then, only
   * while the whole wait stays within one timeout. Never waits for attempts that fall due later on the real
   * clock. Resolves with the ids of the deliveries still in flight.
   */
  async settleDue(): Promise<string[]> {
    const deadline = performance.now() + this.timeoutMs;
    const runs = Promise.all(this.runs);
    await Promise.all(this.deliveries.map((delivery) => delivery.attempt));
    const left = deadline - performance.now();
    if (left > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([runs, new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return this.deliveries.filter((delivery) => delivery.running).map((delivery) => delivery.id);
  }

  /** Resolves when no attempt is running (those a clock move just started, and retries they make due). */
  async settle(): Promise<void> {
    while (this.runs.size > 0) await Promise.all(this.runs);
  }

  /** Cancels every pending delivery (an attempt in flight is aborted) and forgets them all. */
  clear(): void {
    for (const delivery of this.deliveries) delivery.cancel.abort();
    this.deliveries = [];
    this.arm();
  }

  /** Server shutdown: stops the timer, stops following the clock, aborts attempts in flight. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const delivery of this.deliveries) delivery.cancel.abort();
    this.arm();
  }

  /** Keeps at most `capacity` deliveries: drops the oldest finished one, else the oldest pending one. */
  private admit(delivery: Delivery): void {
    if (this.deliveries.length >= this.capacity) {
      const finished = this.deliveries.findIndex((kept) => kept.state !== 'pending');
      const [dropped] = this.deliveries.splice(Math.max(finished, 0), 1);
      dropped?.cancel.abort();
    }
    this.deliveries.push(delivery);
  }

  private startDue(): void {
    if (this.closed) return;
    const now = this.clock.now().getTime();
    for (const delivery of this.deliveries) {
      if (delivery.state === 'pending' && !delivery.running && delivery.dueAtMs <= now) {
        const run = this.run(delivery).finally(() => this.runs.delete(run));
        this.runs.add(run);
      }
    }
    this.arm();
  }

  /** Runs a delivery's attempts while they are due; never rejects. */
  private async run(delivery: Delivery): Promise<void> {
    delivery.running = true;
    const { signal } = delivery.cancel;
    while (
      !signal.aborted &&
      delivery.state === 'pending' &&
      delivery.dueAtMs <= this.clock.now().getTime()
    ) {
      const at = this.clock.now().toISOString();
      const started = performance.now();
      const attempt = postOnce(
        delivery.target as URL, // a delivery without a usable URL is failed at enqueue, so never runs
        delivery.headers,
        delivery.rawBody,
        this.timeoutMs,
        signal,
      );
      delivery.attempt = attempt;
      const outcome = await attempt;
      delivery.attempt = undefined;
      if (signal.aborted) break;
      delivery.attempts.push({ at, ...outcome, durationMs: Math.round(performance.now() - started) });
      const retryDelay = delivery.retrySchedule[delivery.attempts.length - 1];
      if ('status' in outcome && outcome.status >= 200 && outcome.status < 300) delivery.state = 'delivered';
      else if (retryDelay !== undefined) delivery.dueAtMs += retryDelay * 1000;
      else delivery.state = 'failed';
    }
    delivery.running = false;
    this.arm();
  }

  /** While the clock runs, one unref'd timer for the earliest due attempt; none while it is frozen. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.clock.frozen) return;
    let next = Number.POSITIVE_INFINITY;
    for (const delivery of this.deliveries) {
      if (delivery.state === 'pending' && !delivery.running) next = Math.min(next, delivery.dueAtMs);
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const wait = Math.min(Math.max(next - this.clock.now().getTime(), 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.startDue(), wait).unref();
  }
}

function viewOf(delivery: Delivery): DeliveryView {
  return {
    id: delivery.id,
    url: delivery.url,
    event: delivery.event,
    attempts: [...delivery.attempts],
    state: delivery.state,
    nextAttemptAt: delivery.state === 'pending' ? new Date(delivery.dueAtMs).toISOString() : null,
    body: delivery.rawBody.toString('utf8'),
    headers: { ...delivery.headers },
  };
}
