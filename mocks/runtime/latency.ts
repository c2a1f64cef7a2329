import { standardNormal, type RandomSource } from './seeded-random';

/**
 * How long an answer waits, as WireMock's delay distributions describe it: a fixed time, a uniform range, or
 * a log-normal spread (most answers near the median, a long tail of slow ones, as real networks have).
 */
export type Latency =
  | { readonly distribution: 'fixed'; readonly ms: number }
  | { readonly distribution: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | {
      readonly distribution: 'lognormal';
      /** The median wait. */
      readonly medianMs: number;
      /** The standard deviation of the wait's logarithm: 0.1 is tight, 1 is a long tail. */
      readonly sigma: number;
      /** The tail is cut here (default 60 s). */
      readonly maxMs?: number;
    };

/** The longest any single wait may last. */
export const MAX_LATENCY_MS = 60_000;

/** A wait in whole milliseconds drawn from `latency`, at most MAX_LATENCY_MS. */
export function drawLatency(latency: Latency, random: RandomSource): number {
  let ms: number;
  switch (latency.distribution) {
    case 'fixed':
      ms = latency.ms;
      break;
    case 'uniform':
      ms = latency.minMs + random() * (latency.maxMs - latency.minMs);
      break;
    case 'lognormal':
      ms = Math.min(
        latency.medianMs * Math.exp(latency.sigma * standardNormal(random)),
        latency.maxMs ?? MAX_LATENCY_MS,
      );
      break;
  }
  return Math.round(Math.min(Math.max(ms, 0), MAX_LATENCY_MS));
}

/** Waits `ms` without keeping a stopping process alive. */
export function pause(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
