import { secp256k1 } from '@noble/curves/secp256k1';

/**
 * Fixed-base multiplication on secp256k1 for points used again and again (the generator, a known signer's public
 * key). `@noble/curves` multiplies in about half a millisecond of bigint arithmetic, so a signature per request
 * would cost more than all the rest of a request: a table of the point's windowed multiples turns k·P into at
 * most one mixed addition per window.
 */

const Fp = secp256k1.CURVE.Fp;
const p = Fp.ORDER;

export interface AffinePoint {
  readonly x: bigint;
  readonly y: bigint;
}

/** Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
export interface JacobianPoint {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

export const infinity = (): JacobianPoint => ({ X: 0n, Y: 1n, Z: 0n });

/** Thrown where an addition meets a point and its double or negation, which no reduced scalar leads to. */
export class DegenerateAddition extends Error {}

/** acc += (x, y) in place, for a = 0 (madd-2007-bl without the doubling case). */
export function addAffine(acc: JacobianPoint, x: bigint, y: bigint): void {
  if (acc.Z === 0n) {
    acc.X = x;
    acc.Y = y;
    acc.Z = 1n;
    return;
  }
  const zz = (acc.Z * acc.Z) % p;
  const h = (((x * zz) % p) - acc.X + p) % p;
  const r = (((((y * acc.Z) % p) * zz) % p) - acc.Y + p) % p;
  if (h === 0n) throw new DegenerateAddition('addition of a point and its double or negation');
  const hh = (h * h) % p;
  const hhh = (h * hh) % p;
  const v = (acc.X * hh) % p;
  const x3 = (((r * r - hhh - 2n * v) % p) + p) % p;
  acc.Y = (((r * (v - x3) - acc.Y * hhh) % p) + p) % p;
  acc.X = x3;
  acc.Z = (acc.Z * h) % p;
}

/** The affine points of several Jacobian points with one field inversion; undefined for infinity. */
export function toAffine(points: readonly JacobianPoint[]): (AffinePoint | undefined)[] {
  const inverses = Fp.invertBatch(points.map((point) => point.Z));
  return points.map((point, i) => {
    if (point.Z === 0n) return undefined;
    const zInv = inverses[i]!;
    const zInv2 = (zInv * zInv) % p;
    return { x: (point.X * zInv2) % p, y: (point.Y * ((zInv2 * zInv) % p)) % p };
  });
}

/** Row j holds v·2^(w·j)·P for v = 1 … 2^w − 1, affine. */
export class FixedBaseTable {
  private readonly xs: bigint[] = [];
  private readonly ys: bigint[] = [];
  private readonly rowLength: number;
  private readonly mask: bigint;
  private readonly width: bigint;

  /** `windowBits` trades memory and build time (8: 8,160 points, 4: 960) against additions per multiplication. */
  constructor(point: AffinePoint, windowBits: number) {
    this.rowLength = 2 ** windowBits - 1;
    this.mask = BigInt(this.rowLength);
    this.width = BigInt(windowBits);
    const multiples: InstanceType<typeof secp256k1.ProjectivePoint>[] = [];
    let base = secp256k1.ProjectivePoint.fromAffine(point);
    for (let row = 0; row < Math.ceil(256 / windowBits); row += 1) {
      let multiple = base;
      multiples.push(multiple);
      for (let v = 2; v <= this.rowLength; v += 1) {
        multiple = multiple.add(base);
        multiples.push(multiple);
      }
      base = multiple.add(base);
    }
    for (const { x, y } of secp256k1.ProjectivePoint.normalizeZ(multiples)) {
      this.xs.push(x);
      this.ys.push(y);
    }
  }

  /** acc += k·P for 0 < k < n (constant in the number of additions only where no window of k is zero). */
  addMultiple(acc: JacobianPoint, k: bigint): void {
    let rest = k;
    for (let offset = 0; rest > 0n; offset += this.rowLength) {
      const v = Number(rest & this.mask);
      if (v !== 0) addAffine(acc, this.xs[offset + v - 1]!, this.ys[offset + v - 1]!);
      rest >>= this.width;
    }
  }

  /**
   * k·P for many scalars at once (each 0 < k < n), in affine coordinates throughout: window by window, every
   * scalar's addition shares one field inversion (Montgomery's trick), which costs less than Jacobian additions
   * once there are a hundred or so scalars.
   */
  multiplyBatch(ks: readonly bigint[]): AffinePoint[] {
    const xs: (bigint | undefined)[] = [];
    const ys: bigint[] = [];
    const rests = [...ks];
    for (let offset = 0; rests.some((rest) => rest > 0n); offset += this.rowLength) {
      const pending: { readonly i: number; readonly t: number }[] = [];
      const dxs: bigint[] = [];
      rests.forEach((rest, i) => {
        const v = Number(rest & this.mask);
        rests[i] = rest >> this.width;
        if (v === 0) return;
        const t = offset + v - 1;
        const x = xs[i];
        if (x === undefined) {
          xs[i] = this.xs[t]!;
          ys[i] = this.ys[t]!;
          return;
        }
        const dx = (this.xs[t]! - x) % p;
        if (dx === 0n) throw new DegenerateAddition('addition of a point and its double or negation');
        pending.push({ i, t });
        dxs.push(dx);
      });
      const inverses = invertAll(dxs);
      pending.forEach(({ i, t }, q) => {
        const x = xs[i]!;
        const lambda = ((this.ys[t]! - ys[i]!) * inverses[q]!) % p;
        const x3 = (lambda * lambda - x - this.xs[t]!) % p;
        ys[i] = (lambda * (x - x3) - ys[i]!) % p;
        xs[i] = x3;
      });
    }
    return ks.map((k, i) => {
      if (xs[i] === undefined) throw new RangeError(`no multiple for the scalar ${k}`);
      return { x: (xs[i]! + p) % p, y: (ys[i]! + p) % p };
    });
  }
}

/** The inverses of non-zero field elements (any sign) with one inversion. */
function invertAll(values: readonly bigint[]): bigint[] {
  if (values.length === 0) return [];
  const prefixes: bigint[] = [];
  let product = 1n;
  for (const value of values) {
    prefixes.push(product);
    product = (product * value) % p;
  }
  let inverse = Fp.inv((product + p) % p);
  const inverses: bigint[] = new Array<bigint>(values.length);
  for (let q = values.length - 1; q >= 0; q -= 1) {
    inverses[q] = (inverse * prefixes[q]!) % p;
    inverse = (inverse * values[q]!) % p;
  }
  return inverses;
}

let generator: FixedBaseTable | undefined;

/** The generator's table, built on first use (about 8k additions, once per process). */
export function generatorTable(): FixedBaseTable {
  generator ??= new FixedBaseTable(secp256k1.ProjectivePoint.BASE.toAffine(), 8);
  return generator;
}
