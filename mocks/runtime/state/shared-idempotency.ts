import { createHash } from 'node:crypto';
import { integerInRange } from '../in-range';
import {
  DEFAULT_MAX_BYTES,
  runUnderKey,
  type IdempotencyAnswer,
  type IdempotentOutcome,
} from '../idempotency';
import type { HandlerResponse } from '../provider';
import { ABSENT, expiringRecord, readExpiringRecord, type StateStore } from './store';

/** How long an in-flight lock is leased (real time): default 30 s, from 1 s to 10 min. */
export const IDEMPOTENCY_LEASE_MS = { default: 30_000, min: 1_000, max: 600_000 } as const;

export interface SharedIdempotencyOptions {
  /** The in-flight lock's lease: a process that dies holding a key frees it when the lease ends. */
  readonly leaseMs?: number;
  /** Stored responses kept (default 10 000, as `IdempotencyStore`), oldest first past it or `maxBytes`. */
  readonly capacity?: number;
  /** UTF-8 bytes of the stored records together (default 32 MiB, as `IdempotencyStore`). */
  readonly maxBytes?: number;
}

/** What a key decided: run (then `complete` or `abandon`), or an answer without running. */
export type SharedIdempotencyDecision =
  | {
      readonly kind: 'proceed';
      /** Stores a 2xx response for the retention and releases the key; any other answer only releases it. */
      readonly complete: (response: HandlerResponse) => Promise<void>;
      /** Releases the key without storing anything (the request failed before it answered). */
      readonly abandon: () => Promise<void>;
    }
  | IdempotencyAnswer;

interface StoredResponse {
  readonly fingerprint: string;
  readonly response: HandlerResponse;
}

/** The budgeted map the stored responses live in. */
const MAP = 'idempotency';

/**
 * Idempotency keys on the shared store, with `IdempotencyStore`'s answers (mocks/runtime/idempotency.ts): the
 * first request with a key takes it (an in-flight lock, leased) and runs; a 2xx answer is stored for the
 * retention (sandbox time) and replayed to a retry of the same request; a duplicate while the first runs is
 * `in-flight`, the key used for another request `key-reused`, whether it is stored or still running. The claim
 * is one atomic step on the store (`claimUnlessStored`), so of many processes retrying one key at once one runs.
 * Stored responses are a budgeted map: bounded in count and UTF-8 bytes, the oldest evicted first.
 */
export class SharedIdempotency {
  private readonly leaseMs: number;
  private readonly budgets;

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    options: SharedIdempotencyOptions = {},
  ) {
    const { min, max } = IDEMPOTENCY_LEASE_MS;
    this.leaseMs = integerInRange(
      'idempotency leaseMs',
      options.leaseMs ?? IDEMPOTENCY_LEASE_MS.default,
      min,
      max,
    );
    this.budgets = {
      [MAP]: { maxEntries: options.capacity ?? 10_000, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES },
    };
  }

  async begin(
    key: string,
    fingerprint: string,
    nowMs: number,
    retentionMs: number,
  ): Promise<SharedIdempotencyDecision> {
    // Keys are named by digest: any header value, however long, makes a store key of fixed size.
    const name = `idem:${createHash('sha256').update(key).digest('hex')}`;
    const found = await this.store.claimUnlessStored(this.namespace, name, name, {
      nowMs,
      leaseMs: this.leaseMs,
      owner: fingerprint,
    });
    if (found.kind === 'held') return { kind: found.owner === fingerprint ? 'in-flight' : 'key-reused' };
    if (found.kind === 'stored') {
      const stored = JSON.parse(readExpiringRecord(found.value).payload) as StoredResponse;
      if (stored.fingerprint !== fingerprint) return { kind: 'key-reused' };
      return { kind: 'replay', response: stored.response };
    }
    const release = async () => void (await this.store.releaseLock(this.namespace, name, found.token));
    return {
      kind: 'proceed',
      complete: async (response) => {
        if (response.status >= 200 && response.status < 300) {
          const stored: StoredResponse = { fingerprint, response };
          const value = expiringRecord(nowMs + retentionMs, JSON.stringify(stored));
          // ABSENT: when a lease ran out and another process completed the key meanwhile, its answer stays.
          await this.store.commit(
            this.namespace,
            [{ key: name, value, expectedVersion: ABSENT, map: MAP }],
            this.budgets,
          );
        }
        await release();
      },
      abandon: release,
    };
  }

  /** `IdempotencyStore.runOnce` on the store: a failed run frees the key for a retry. */
  async runOnce(
    key: string,
    fingerprint: string,
    nowMs: number,
    retentionMs: number,
    run: () => Promise<HandlerResponse>,
  ): Promise<IdempotentOutcome> {
    return runUnderKey(await this.begin(key, fingerprint, nowMs, retentionMs), run);
  }
}
