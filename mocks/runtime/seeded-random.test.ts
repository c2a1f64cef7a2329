import fc from 'fast-check';
import { drawLatency } from './latency';
import { mulberry32, mulberry32At, standardNormal } from './seeded-random';

describe('mulberry32At', () => {
  it("starts at the index-th number of the seed's sequence", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 200 }),
        (seed, index) => {
          const sequence = mulberry32(seed);
          for (let i = 1; i < index; i++) sequence();
          expect(mulberry32At(seed, index)()).toBe(sequence());
        },
      ),
    );
  });
});

describe('mulberry32', () => {
  it('gives the reference implementation’s numbers (bryc’s PRNG collection, seeds 1 and 42)', () => {
    const one = mulberry32(1);
    expect([one(), one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const answer = mulberry32(42);
    expect([answer(), answer()]).toEqual([0.6011037519201636, 0.44829055899754167]);
  });

  it('stays in [0, 1) and repeats itself for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const [a, b] = [mulberry32(seed), mulberry32(seed)];
        for (let index = 0; index < 20; index++) {
          const value = a();
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
          expect(b()).toBe(value);
        }
      }),
    );
  });

  it('draws normal numbers centred on 0 with spread 1', () => {
    const random = mulberry32(7);
    const draws = Array.from({ length: 20_000 }, () => standardNormal(random));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('drawLatency', () => {
  it('keeps every draw within its distribution’s bounds and 60 s', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        (seed, a, b, sigma) => {
          const random = mulberry32(seed);
          const [minMs, maxMs] = [Math.min(a, b), Math.max(a, b)];
          expect(drawLatency({ distribution: 'fixed', ms: a }, random)).toBe(a);
          const uniform = drawLatency({ distribution: 'uniform', minMs, maxMs }, random);
          expect(uniform).toBeGreaterThanOrEqual(minMs);
          expect(uniform).toBeLessThanOrEqual(maxMs);
          const lognormal = drawLatency({ distribution: 'lognormal', medianMs: a, sigma, maxMs: b }, random);
          expect(lognormal).toBeGreaterThanOrEqual(0);
          expect(lognormal).toBeLessThanOrEqual(b);
        },
      ),
    );
  });

  it('puts half the log-normal draws under the median', () => {
    const random = mulberry32(3);
    const draws = Array.from({ length: 4000 }, () =>
      drawLatency({ distribution: 'lognormal', medianMs: 100, sigma: 0.5 }, random),
    );
    const under = draws.filter((ms) => ms < 100).length / draws.length;
    expect(under).toBeGreaterThan(0.45);
    expect(under).toBeLessThan(0.55);
  });
});
