import { createHash } from 'node:crypto';
import type { HandlerResponse } from './provider';

export type IdempotencyDecision =
  | {
      readonly kind: 'proceed';
      readonly complete: (response: HandlerResponse) => void;
      readonly abandon: () => void;
    }
  | { readonly kind: 'replay'; readonly response: HandlerResponse }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'key-reused' };

interface Entry {
  readonly fingerprint: string;
  response: HandlerResponse | undefined;
  expiresAt: number;
}

/**
 * Idempotency keys, as payment and insurance APIs use them: the first request with a key runs and its
 * successful response is kept for the retention period (sandbox time); a retry of the same request gets
 * the stored response, a duplicate that arrives while the first still runs is told so, and the key used
 * for a different request is refused. Failed requests are not stored, so they can be retried. Memory stays
 * bounded: expired keys are dropped as the store is used, and past `capacity` the oldest keys go first.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 10_000) {}

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
    const created: Entry = { fingerprint, response: undefined, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, created);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return {
      kind: 'proceed',
      complete: (response) => {
        if (response.status >= 200 && response.status < 300) {
          created.response = response;
          created.expiresAt = nowMs + retentionMs;
        } else {
          this.entries.delete(key);
        }
      },
      abandon: () => {
        this.entries.delete(key);
      },
    };
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** One step of clean-up per use: the oldest key goes once its stored response has expired. */
  private dropOldestIfExpired(nowMs: number): void {
    const oldest = this.entries.entries().next().value as [string, Entry] | undefined;
    if (oldest && oldest[1].response !== undefined && oldest[1].expiresAt <= nowMs)
      this.entries.delete(oldest[0]);
  }
}

/** What makes two requests "the same" for an idempotency key: method, path and the exact body bytes. */
export function requestFingerprint(method: string, path: string, rawBody: Buffer): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(rawBody).digest('hex');
}
