import { createHash } from 'node:crypto';
import { ByteBudgetMap, estimateBytes, type BudgetLimits } from './byte-budget';
import type { HandlerResponse } from './provider';

/** What a key answers without running the request: the stored answer, or a refusal. */
export type IdempotencyAnswer =
  | { readonly kind: 'replay'; readonly response: HandlerResponse }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'key-reused' };

/** What running a request under a key came to: its fresh answer, the stored one, or a refusal. */
export type IdempotentOutcome =
  { readonly kind: 'proceed'; readonly response: HandlerResponse } | IdempotencyAnswer;

export type IdempotencyDecision =
  | {
      readonly kind: 'proceed';
      readonly complete: (response: HandlerResponse) => void;
      readonly abandon: () => void;
    }
  | IdempotencyAnswer;

/** A key's decision as either store takes it: its steps done at once (in memory) or answered later (shared). */
export type DecidedKey =
  | {
      readonly kind: 'proceed';
      readonly complete: (response: HandlerResponse) => void | Promise<void>;
      readonly abandon: () => void | Promise<void>;
    }
  | IdempotencyAnswer;

/**
 * Runs `run` under a key's decision: the decision's own answer when it says not to run; else the run's answer,
 * kept by `complete`, or, when the run fails, the key freed by `abandon` for a retry.
 */
export async function runUnderKey(
  decision: DecidedKey,
  run: () => Promise<HandlerResponse>,
): Promise<IdempotentOutcome> {
  if (decision.kind !== 'proceed') return decision;
  const response = await run().catch(async (error: unknown) => {
    await decision.abandon();
    throw error;
  });
  await decision.complete(response);
  return { kind: 'proceed', response };
}

interface Entry {
  readonly key: string;
  readonly fingerprint: string;
  response: HandlerResponse | undefined;
  expiresAt: number;
}

/** What the stored responses may hold together: replays of large answers cannot grow memory without end. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Idempotency keys, as payment and insurance APIs use them: the first request with a key runs and its
 * successful response is kept for the retention period (sandbox time); a retry of the same request gets
 * the stored response, a duplicate that arrives while the first still runs is told so, and the key used
 * for a different request is refused. Failed requests are not stored, so they can be retried. Memory stays
 * bounded in bytes: expired keys are dropped as the store is used, and past `capacity` keys or `maxBytes`
 * of stored responses the oldest keys go first.
 */
/** What the pipeline uses of a namespace's idempotency keys: `IdempotencyStore`, or the shared store's. */
export type IdempotencyRunner = Pick<IdempotencyStore, 'runOnce'>;

export class IdempotencyStore {
  private readonly entries = new ByteBudgetMap<string, Entry>(
    (entry) => estimateBytes(entry.response) + entry.key.length * 2 + 128,
  );
  private readonly limits: BudgetLimits;

  constructor(capacity = 10_000, maxBytes = DEFAULT_MAX_BYTES) {
    this.limits = { maxEntries: capacity, maxBytes };
  }

  begin(key: string, fingerprint: string, nowMs: number, retentionMs: number): IdempotencyDecision {
    this.dropOldestIfExpired(nowMs);
    const existing = this.entries.get(key);
    if (existing && existing.response !== undefined && existing.expiresAt <= nowMs) this.entries.delete(key);
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.fingerprint !== fingerprint) return { kind: 'key-reused' };
      if (entry.response === undefined) return { kind: 'in-flight' };
      return { kind: 'replay', response: entry.response };
    }
    const created: Entry = { key, fingerprint, response: undefined, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, created, this.limits);
    return {
      kind: 'proceed',
      complete: (response) => {
        if (response.status >= 200 && response.status < 300 && this.entries.get(key) === created) {
          created.response = response;
          created.expiresAt = nowMs + retentionMs;
          // Charged again now that it holds the response (it keeps its place in the order).
          this.entries.set(key, created, this.limits);
        } else if (this.entries.get(key) === created) {
          this.entries.delete(key);
        }
      },
      abandon: () => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      },
    };
  }

  /**
   * Runs `run` under the key unless the key decides otherwise: the stored answer of the same request, or a
   * refusal (still in flight, used for another request). A failed run frees the key for a retry.
   */
  async runOnce(
    key: string,
    fingerprint: string,
    nowMs: number,
    retentionMs: number,
    run: () => Promise<HandlerResponse>,
  ): Promise<IdempotentOutcome> {
    return runUnderKey(this.begin(key, fingerprint, nowMs, retentionMs), run);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The bytes the stored responses are charged. */
  get bytes(): number {
    return this.entries.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** One step of clean-up per use: the oldest key goes once its stored response has expired. */
  private dropOldestIfExpired(nowMs: number): void {
    const oldest = this.entries.values().next().value as Entry | undefined;
    if (oldest && oldest.response !== undefined && oldest.expiresAt <= nowMs) this.entries.delete(oldest.key);
  }
}

/** What makes two requests "the same" for an idempotency key: method, path and the exact body bytes. */
export function requestFingerprint(method: string, path: string, rawBody: Buffer): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(rawBody).digest('hex');
}
