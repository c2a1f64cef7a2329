import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { SandboxClock } from '../clock';
import type { SharedDeliveries } from '../state/shared-deliveries';
import { prepareDelivery, type DeliveryRequest } from './delivery-request';
import type { DeliveryView } from './outbox';
import { postOnce } from './post-once';

/** A timer is never armed further than this: what another process enqueued is found by then at the latest. */
const MAX_WAIT_MS = 60_000;
/**
 * An attempt due already but not claimable here is another process's (its claim leased): looked at again after
 * this, not at once in a loop.
 */
const CLAIMED_ELSEWHERE_WAIT_MS = 250;

export interface SharedOutboxOptions {
  readonly deliveries: SharedDeliveries;
  readonly clock: SandboxClock;
  readonly timeoutMs: number;
  readonly maxBodyBytes?: number;
}

/**
 * The webhook outbox of a namespace on a shared store: deliveries and their schedule live in the store
 * (`SharedDeliveries`), and every process runs this delivery loop, which claims the attempts due on the
 * sandbox clock, posts each one and records what it came to under its claim, so each attempt is made by one
 * process once. The loop runs after this process enqueues, when the clock moves (a move through another
 * process is seen at this process's next request), and on a timer armed for the earliest attempt due.
 */
export class SharedOutbox {
  private readonly maxBodyBytes: number;
  /** Enqueues still on their way to the store: a listing here waits for them. */
  private readonly enqueuing = new Set<Promise<unknown>>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly cancel = new AbortController();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: SharedOutboxOptions) {
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
    this.unsubscribe = options.clock.onChange(() => void this.pump());
  }

  /** Records a delivery (its first attempt due now) in the store, then runs the loop. */
  enqueue(request: DeliveryRequest): void {
    const id = randomUUID();
    const prepared = prepareDelivery(request, id, this.maxBodyBytes);
    const enqueued = this.options.deliveries
      .enqueue(id, prepared, this.options.clock.now())
      .then(() => this.pump())
      .catch(() => undefined);
    this.enqueuing.add(enqueued);
    void enqueued.finally(() => this.enqueuing.delete(enqueued));
  }

  /** Every delivery kept in the store, oldest first (after this process's enqueues). */
  async list(): Promise<DeliveryView[]> {
    await Promise.all(this.enqueuing);
    return this.options.deliveries.list();
  }

  /**
   * What a control call waits for: this process's enqueues, then its loop over the attempts due now. Attempts
   * due later are not made due (across processes, `flush` runs what is due). Resolves with no ids in flight.
   */
  async settleDue(): Promise<string[]> {
    await Promise.all(this.enqueuing);
    await this.pump();
    return [];
  }

  /** Server shutdown: no timer, no attempt after; an attempt in flight is aborted. */
  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.cancel.abort();
    clearTimeout(this.timer);
  }

  /** Runs the loop (once more, if it is running: what made it run again may be due after its last claim). */
  private pump(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = this.claimAll()
      .catch(() => undefined)
      .finally(() => {
        this.pumping = undefined;
        if (this.again) {
          this.again = false;
          void this.pump();
        }
      });
    return this.pumping;
  }

  private async claimAll(): Promise<void> {
    const { deliveries, clock } = this.options;
    for (;;) {
      if (this.closed) return;
      const claim = await deliveries.claimDue(clock.now());
      if (!claim) break;
      const at = clock.now();
      const started = performance.now();
      const outcome = await postOnce(
        new URL(claim.delivery.url),
        claim.delivery.headers,
        Buffer.from(claim.delivery.body, 'utf8'),
        this.options.timeoutMs,
        this.cancel.signal,
      );
      if (this.closed) return;
      await deliveries.recordAttempt(claim, {
        at,
        durationMs: Math.round(performance.now() - started),
        ...outcome,
      });
    }
    await this.arm();
  }

  /** While the clock runs, one unref'd timer for the earliest attempt due; none while it is frozen. */
  private async arm(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const { clock } = this.options;
    if (this.closed || clock.frozen) return;
    const due = (await this.options.deliveries.list())
      .map((delivery) => (delivery.nextAttemptAt === null ? Infinity : Date.parse(delivery.nextAttemptAt)))
      .reduce((earliest, at) => Math.min(earliest, at), Infinity);
    if (due === Infinity || this.closed) return;
    const wait = Math.min(Math.max(due - clock.now().getTime(), CLAIMED_ELSEWHERE_WAIT_MS), MAX_WAIT_MS);
    this.timer = setTimeout(() => void this.pump(), wait).unref();
  }
}
