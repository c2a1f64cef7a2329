import { integerInRange } from '../in-range';
import type { PreparedDelivery } from '../webhooks/delivery-request';
import type { DeliveryAttempt, DeliveryState, DeliveryView } from '../webhooks/outbox';
import type { StateStore } from './store';

/** A delivery as the store keeps it: what every attempt sends, and what its attempts came to. */
export interface StoredDelivery {
  readonly id: string;
  readonly url: string;
  readonly event: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body sent, as UTF-8 text. */
  readonly body: string;
  readonly retrySchedule: readonly number[];
  readonly attempts: readonly DeliveryAttempt[];
  readonly state: DeliveryState;
  /** Sandbox time (ms) the next attempt is due; null once delivered or failed. */
  readonly dueAtMs: number | null;
}

/** A due attempt one process has claimed: it posts it, then records what it came to under `token`. */
export interface DeliveryClaim {
  readonly delivery: StoredDelivery;
  readonly token: string;
}

/** How long a claimed attempt is leased (real time): default 2 min, from 1 s to 10 min; above the attempt timeout. */
export const DELIVERY_LEASE_MS = { default: 120_000, min: 1_000, max: 600_000 } as const;

export interface SharedDeliveriesOptions {
  /** Deliveries kept; default 500, from 1 to 10 000 (as the outbox): the oldest finished go first. */
  readonly capacity?: number;
  readonly leaseMs?: number;
}

const SCHEDULE = 'webhooks';

/**
 * Webhook deliveries on the shared store, with `WebhookOutbox`'s schedule (mocks/runtime/webhooks/outbox.ts):
 * attempts fall due on the sandbox clock, the first at enqueue, retry i `retrySchedule[i]` seconds after the
 * attempt before it was due; after the last failed retry the delivery is failed. Each due attempt is claimed
 * by one process for a lease (`claimDue`), and its result is recorded only under that claim's token, so an
 * attempt runs once across processes; a claimant that dies is replaced when its lease ends (at least once, as
 * real providers deliver). Posting is the claimant's (`postOnce`).
 */
export class SharedDeliveries {
  private readonly capacity: number;
  private readonly leaseMs: number;

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    options: SharedDeliveriesOptions = {},
  ) {
    this.capacity = integerInRange('shared deliveries: capacity', options.capacity ?? 500, 1, 10_000);
    const { min, max } = DELIVERY_LEASE_MS;
    this.leaseMs = integerInRange(
      'shared deliveries: leaseMs',
      options.leaseMs ?? DELIVERY_LEASE_MS.default,
      min,
      max,
    );
  }

  /**
   * Records a prepared delivery (its id is the one its signature headers name) with its first attempt due
   * now; one without a usable URL is recorded failed, as the outbox records it.
   */
  async enqueue(id: string, prepared: PreparedDelivery, now: Date): Promise<DeliveryView> {
    const unusable = typeof prepared.target === 'string' ? prepared.target : undefined;
    const delivery: StoredDelivery = {
      id,
      url: prepared.url,
      event: prepared.event,
      headers: prepared.headers,
      body: prepared.rawBody.toString('utf8'),
      retrySchedule: prepared.retrySchedule,
      attempts: unusable === undefined ? [] : [{ at: now.toISOString(), error: unusable, durationMs: 0 }],
      state: unusable === undefined ? 'pending' : 'failed',
      dueAtMs: unusable === undefined ? now.getTime() : null,
    };
    await this.store.scheduleAdd(
      this.namespace,
      SCHEDULE,
      { member: id, value: JSON.stringify(delivery), dueAtMs: delivery.dueAtMs ?? undefined },
      this.capacity,
    );
    return viewOf(delivery);
  }

  /** Claims the earliest attempt due by `now` (sandbox time) that no live claim holds. */
  async claimDue(now: Date): Promise<DeliveryClaim | undefined> {
    const claim = await this.store.claimDue(this.namespace, SCHEDULE, now.getTime(), this.leaseMs);
    return claim && { delivery: JSON.parse(claim.value) as StoredDelivery, token: claim.token };
  }

  /**
   * Records what a claimed attempt came to (a status, or the error that stopped it) and when the next is due;
   * false, with nothing recorded, when the claim's lease ended first (another process owns the attempt now).
   */
  async recordAttempt(
    claim: DeliveryClaim,
    attempt: { readonly at: Date; readonly durationMs: number } & (
      { readonly status: number } | { readonly error: string }
    ),
  ): Promise<boolean> {
    const { delivery } = claim;
    const { at, ...outcome } = attempt;
    const attempts = [...delivery.attempts, { ...outcome, at: at.toISOString() }];
    const retryDelay = delivery.retrySchedule[attempts.length - 1];
    const delivered = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
    const dueAtMs =
      delivered || retryDelay === undefined ? null : (delivery.dueAtMs as number) + retryDelay * 1000;
    const state: DeliveryState = delivered ? 'delivered' : dueAtMs === null ? 'failed' : 'pending';
    const next: StoredDelivery = { ...delivery, attempts, state, dueAtMs };
    return this.store.settleClaim(
      this.namespace,
      SCHEDULE,
      { member: delivery.id, token: claim.token },
      { value: JSON.stringify(next), nextDueAtMs: dueAtMs ?? undefined },
    );
  }

  /** Every delivery kept, oldest first, as `GET /__sandbox/webhooks` shows them. */
  async list(): Promise<DeliveryView[]> {
    const entries = await this.store.scheduleEntries(this.namespace, SCHEDULE);
    return entries.map(({ value }) => viewOf(JSON.parse(value) as StoredDelivery));
  }
}

function viewOf(delivery: StoredDelivery): DeliveryView {
  return {
    id: delivery.id,
    url: delivery.url,
    event: delivery.event,
    attempts: delivery.attempts,
    state: delivery.state,
    nextAttemptAt: delivery.dueAtMs === null ? null : new Date(delivery.dueAtMs).toISOString(),
    body: delivery.body,
    headers: delivery.headers,
  };
}
