/**
 * A seeded pseudo-random generator for fault draws: mulberry32 (Tommy Ettinger's 32-bit generator, public
 * domain; the one `pure-rand` and many test tools ship). It is fast, has a 2^32 period and passes the usual
 * statistical batteries for this use, which is only to make "fire with probability p" and "a latency from
 * this distribution" repeatable: the same seed and the same sequence of draws give the same faults. It is not
 * cryptographic and must never be used for keys, tokens or nonces.
 */
export type RandomSource = () => number;

/** A generator of uniform numbers in [0, 1) from a 32-bit integer seed. */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A generator whose first number is the `index`-th (from 1) that `mulberry32(seed)` gives: mulberry32's state
 * only steps by a constant, so a draw is found by its index without the draws before it. Processes sharing
 * a draw counter so draw, from the same seed in the same order, the numbers one process would.
 */
export function mulberry32At(seed: number, index: number): RandomSource {
  return mulberry32((seed + Math.imul(index - 1, 0x6d2b79f5)) >>> 0);
}

/** A standard normal draw (Box–Muller over two uniform draws). */
export function standardNormal(random: RandomSource): number {
  // 1 - u is in (0, 1]: the logarithm stays finite.
  const radius = Math.sqrt(-2 * Math.log(1 - random()));
  return radius * Math.cos(2 * Math.PI * random());
}
