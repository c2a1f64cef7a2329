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
  private readonly rows: number;

  /** `windowBits` trades memory and build time (4: 960 points, 8: 8,160) against additions per multiplication. */
  constructor(
    point: AffinePoint,
    private readonly windowBits: number,
  ) {
    this.rowLength = 2 ** windowBits - 1;
    this.rows = Math.ceil(256 / windowBits);
    const multiples: InstanceType<typeof secp256k1.ProjectivePoint>[] = [];
    let base = secp256k1.ProjectivePoint.fromAffine(point);
    for (let row = 0; row < this.rows; row += 1) {
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

  /** acc += k·P for 0 < k < n. */
  addMultiple(acc: JacobianPoint, k: bigint): void {
    const windows = this.windowsOf(k);
    for (let row = 0; row < this.rows; row += 1) {
      const v = windows[row]!;
      if (v !== 0)
        addAffine(acc, this.xs[row * this.rowLength + v - 1]!, this.ys[row * this.rowLength + v - 1]!);
    }
  }

  /**
   * k·P for many scalars at once (each 0 < k < n), in affine coordinates throughout: window by window, every
   * scalar's addition shares one field inversion (Montgomery's trick), which costs less than Jacobian additions
   * once there are a hundred or so scalars.
   */
  multiplyBatch(ks: readonly bigint[]): AffinePoint[] {
    const count = ks.length;
    const windows = ks.map((k) => this.windowsOf(k));
    const xs: bigint[] = new Array<bigint>(count).fill(0n);
    const ys: bigint[] = new Array<bigint>(count).fill(0n);
    const started = new Uint8Array(count);
    const pendingPoint = new Int32Array(count);
    const pendingEntry = new Int32Array(count);
    const dxs: bigint[] = new Array<bigint>(count);
    for (let row = 0; row < this.rows; row += 1) {
      let pending = 0;
      for (let i = 0; i < count; i += 1) {
        const v = windows[i]![row]!;
        if (v === 0) continue;
        const t = row * this.rowLength + v - 1;
        if (started[i] === 0) {
          started[i] = 1;
          xs[i] = this.xs[t]!;
          ys[i] = this.ys[t]!;
          continue;
        }
        const dx = (this.xs[t]! - xs[i]!) % p;
        if (dx === 0n) throw new DegenerateAddition('addition of a point and its double or negation');
        pendingPoint[pending] = i;
        pendingEntry[pending] = t;
        dxs[pending] = dx;
        pending += 1;
      }
      const inverses = invertAll(dxs, pending);
      for (let q = 0; q < pending; q += 1) {
        const i = pendingPoint[q]!;
        const t = pendingEntry[q]!;
        const x = xs[i]!;
        const lambda = ((this.ys[t]! - ys[i]!) * inverses[q]!) % p;
        const x3 = (lambda * lambda - x - this.xs[t]!) % p;
        ys[i] = (lambda * (x - x3) - ys[i]!) % p;
        xs[i] = x3;
      }
    }
    return ks.map((k, i) => {
      if (started[i] === 0) throw new RangeError(`no multiple for the scalar ${k}`);
      return { x: (xs[i]! + p) % p, y: (ys[i]! + p) % p };
    });
  }

  /** The scalar's windows, least significant first (from its binary text: cheaper than shifting a bigint). */
  private windowsOf(k: bigint): Uint16Array {
    const bits = k.toString(2).padStart(this.rows * this.windowBits, '0');
    const windows = new Uint16Array(this.rows);
    for (let row = 0, end = bits.length; row < this.rows; row += 1, end -= this.windowBits) {
      windows[row] = parseInt(bits.slice(end - this.windowBits, end), 2);
    }
    return windows;
  }
}

/** The inverses of the first `count` values (non-zero field elements, any sign) with one inversion. */
function invertAll(values: readonly bigint[], count: number): bigint[] {
  const inverses: bigint[] = new Array<bigint>(count);
  if (count === 0) return inverses;
  const prefixes: bigint[] = new Array<bigint>(count);
  let product = 1n;
  for (let q = 0; q < count; q += 1) {
    prefixes[q] = product;
    product = (product * values[q]!) % p;
  }
  let inverse = Fp.inv((product + p) % p);
  for (let q = count - 1; q >= 0; q -= 1) {
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
