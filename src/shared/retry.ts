import type { ClientOptions } from 'openapi-fetch';

/**
 * Retries of a typed client, as the providers' official SDKs retry (XCover's: 423, 429, 502, 503 and 504, with
 * exponential back-off, honouring `Retry-After`). A retried request is sent again as it was (same signature,
 * same idempotency key): for a request that changes something, only a provider's idempotency key makes the
 * retry safe, and a replay of the stored answer is what it then gets.
 */
export interface RetryOptions {
  /** Retries after the first attempt (default 5). */
  readonly retries?: number;
  /** The statuses retried (default 423, 429, 502, 503, 504). */
  readonly statuses?: readonly number[];
  /** The first back-off, doubled at each retry (default 500 ms); a `Retry-After` replaces it. */
  readonly backoffMs?: number;
  /** The longest wait between attempts (default 30 s). */
  readonly maxDelayMs?: number;
  /** How to wait (default a timer); a test passes one that records the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_STATUSES: readonly number[] = [423, 429, 502, 503, 504];

/** A client's options with `retry`: the other options, their `fetch` wrapped to retry. */
export function withRetry<Options extends ClientOptions & { readonly retry?: RetryOptions }>(
  options: Options,
): Omit<Options, 'retry'> {
  const { retry, ...rest } = options;
  if (!retry) return rest;
  return { ...rest, fetch: retryingFetch(retry, rest.fetch) };
}

/** `fetch`, retrying the statuses and connection failures `options` names. */
export function retryingFetch(
  options: RetryOptions,
  baseFetch: (input: Request) => Promise<Response> = (input) => globalThis.fetch(input),
): (input: Request) => Promise<Response> {
  const retries = options.retries ?? 5;
  const statuses = options.statuses ?? DEFAULT_RETRY_STATUSES;
  const backoffMs = options.backoffMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= retries;
      let response: Response;
      try {
        response = await baseFetch(last ? request : request.clone());
      } catch (error) {
        if (last) throw error;
        await sleep(Math.min(backoffMs * 2 ** attempt, maxDelayMs));
        continue;
      }
      if (last || !statuses.includes(response.status)) return response;
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? backoffMs * 2 ** attempt;
      // The unread body would keep the connection busy.
      await response.body?.cancel();
      await sleep(Math.min(wait, maxDelayMs));
    }
  };
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined otherwise. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
