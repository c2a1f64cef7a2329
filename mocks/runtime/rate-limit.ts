import { createHash } from 'node:crypto';

/** What the limiter decided for one request, with what rate-limit headers report. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** When the current window ends (sandbox time, ms since the epoch). */
  readonly resetAtMs: number;
  /** Whole seconds until then (at least 1): the `Retry-After` of a refusal. */
  readonly retryAfterSeconds: number;
}

export interface RateLimit {
  readonly requests: number;
  readonly perSeconds: number;
}

/** Credentials counted at once; past that the least recently seen go first (memory stays bounded). */
export const MAX_LIMITED_CREDENTIALS = 10_000;

/**
 * A fixed-window limiter per credential on the sandbox clock: at most `requests` requests in each window of
 * `perSeconds`, windows aligned to the epoch, so a frozen clock keeps a test's window still and a clock move
 * opens the next one. Credentials are kept by their SHA-256 digest, never as they are.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(private readonly limit: RateLimit) {}

  take(credential: string, nowMs: number): RateLimitDecision {
    const periodMs = this.limit.perSeconds * 1000;
    const start = Math.floor(nowMs / periodMs) * periodMs;
    const key = createHash('sha256').update(credential).digest('base64');
    const current = this.windows.get(key);
    const window = current && current.start === start ? current : { start, used: 0 };
    this.windows.delete(key);
    this.windows.set(key, window);
    if (this.windows.size > MAX_LIMITED_CREDENTIALS) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
    const allowed = window.used < this.limit.requests;
    if (allowed) window.used += 1;
    const resetAtMs = start + periodMs;
    return {
      allowed,
      limit: this.limit.requests,
      remaining: this.limit.requests - window.used,
      resetAtMs,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000)),
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
