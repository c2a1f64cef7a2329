/**
 * Keccak-256 (Ethereum's hash: the original Keccak padding, not SHA3-256's). Node's OpenSSL 3.0 has SHA3 but not
 * Keccak, and `@noble/hashes`' permutation took about 15 µs, twice per quote hash; this one keeps each 64-bit lane
 * as two 32-bit halves in typed arrays with precomputed rotation and position tables.
 */

const RATE_BYTES = 136;

/** Round constants, low and high halves. */
const ROUND_LOW = new Int32Array(24);
const ROUND_HIGH = new Int32Array(24);
/** For lane i (x + 5y): where rho-pi moves it, and by how many bits it rotates. */
const PI_TARGET = new Uint8Array(25);
/** A rotation by n bits: swap the halves when n > 32, then rotate both by n mod 32 (never 0 but for lane 0). */
const RHO_BITS = new Uint8Array(25);
const RHO_SWAP = new Uint8Array(25);
/** For lane i: the lanes chi combines it with, (x + 1, y) and (x + 2, y). */
const CHI_FIRST = new Uint8Array(25);
const CHI_SECOND = new Uint8Array(25);

(function buildTables() {
  // Round constants from the LFSR of the Keccak reference (x^8 + x^6 + x^5 + x^4 + 1).
  let r = 1;
  for (let round = 0; round < 24; round += 1) {
    let low = 0;
    let high = 0;
    for (let j = 0; j < 7; j += 1) {
      if (r & 1) {
        const bit = (1 << j) - 1;
        if (bit < 32) low |= 1 << bit;
        else high |= 1 << (bit - 32);
      }
      r = r & 0x80 ? ((r << 1) ^ 0x71) & 0xff : (r << 1) & 0xff;
    }
    ROUND_LOW[round] = low;
    ROUND_HIGH[round] = high;
  }
  // rho offsets along the (x, y) -> (y, 2x + 3y) walk from (1, 0); lane (0, 0) stays put unrotated.
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t += 1) {
    const shift = (((t + 1) * (t + 2)) / 2) % 64;
    RHO_BITS[x + 5 * y] = shift % 32;
    RHO_SWAP[x + 5 * y] = shift > 32 ? 1 : 0;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  for (let lx = 0; lx < 5; lx += 1) {
    for (let ly = 0; ly < 5; ly += 1) {
      PI_TARGET[lx + 5 * ly] = ly + 5 * ((2 * lx + 3 * ly) % 5);
      CHI_FIRST[lx + 5 * ly] = ((lx + 1) % 5) + 5 * ly;
      CHI_SECOND[lx + 5 * ly] = ((lx + 2) % 5) + 5 * ly;
    }
  }
})();

const low = new Int32Array(25);
const high = new Int32Array(25);
const movedLow = new Int32Array(25);
const movedHigh = new Int32Array(25);
const columnLow = new Int32Array(5);
const columnHigh = new Int32Array(5);

function permute(): void {
  const l = low;
  const h = high;
  const ml = movedLow;
  const mh = movedHigh;
  for (let round = 0; round < 24; round += 1) {
    // theta
    for (let x = 0; x < 5; x += 1) {
      columnLow[x] = l[x]! ^ l[x + 5]! ^ l[x + 10]! ^ l[x + 15]! ^ l[x + 20]!;
      columnHigh[x] = h[x]! ^ h[x + 5]! ^ h[x + 10]! ^ h[x + 15]! ^ h[x + 20]!;
    }
    for (let x = 0; x < 5; x += 1) {
      const next = x === 4 ? 0 : x + 1;
      const previous = x === 0 ? 4 : x - 1;
      const nextLow = columnLow[next]!;
      const nextHigh = columnHigh[next]!;
      const dLow = columnLow[previous]! ^ ((nextLow << 1) | (nextHigh >>> 31));
      const dHigh = columnHigh[previous]! ^ ((nextHigh << 1) | (nextLow >>> 31));
      l[x] = l[x]! ^ dLow;
      l[x + 5] = l[x + 5]! ^ dLow;
      l[x + 10] = l[x + 10]! ^ dLow;
      l[x + 15] = l[x + 15]! ^ dLow;
      l[x + 20] = l[x + 20]! ^ dLow;
      h[x] = h[x]! ^ dHigh;
      h[x + 5] = h[x + 5]! ^ dHigh;
      h[x + 10] = h[x + 10]! ^ dHigh;
      h[x + 15] = h[x + 15]! ^ dHigh;
      h[x + 20] = h[x + 20]! ^ dHigh;
    }
    // rho and pi: lane 0 neither moves nor rotates; no other lane rotates by 0 or 32 bits
    ml[0] = l[0]!;
    mh[0] = h[0]!;
    for (let lane = 1; lane < 25; lane += 1) {
      const s = RHO_BITS[lane]!;
      const swap = RHO_SWAP[lane] === 1;
      const lo = swap ? h[lane]! : l[lane]!;
      const hi = swap ? l[lane]! : h[lane]!;
      const to = PI_TARGET[lane]!;
      ml[to] = (lo << s) | (hi >>> (32 - s));
      mh[to] = (hi << s) | (lo >>> (32 - s));
    }
    // chi
    for (let lane = 0; lane < 25; lane += 1) {
      const a = CHI_FIRST[lane]!;
      const b = CHI_SECOND[lane]!;
      l[lane] = ml[lane]! ^ (~ml[a]! & ml[b]!);
      h[lane] = mh[lane]! ^ (~mh[a]! & mh[b]!);
    }
    // iota
    l[0] = l[0]! ^ ROUND_LOW[round]!;
    h[0] = h[0]! ^ ROUND_HIGH[round]!;
  }
}

/** XORs one 136-byte block (little-endian 64-bit lanes) into the state. */
function absorb(block: Uint8Array, at: number): void {
  for (let lane = 0; lane < RATE_BYTES / 8; lane += 1) {
    const i = at + lane * 8;
    low[lane] =
      low[lane]! ^ (block[i]! | (block[i + 1]! << 8) | (block[i + 2]! << 16) | (block[i + 3]! << 24));
    high[lane] =
      high[lane]! ^ (block[i + 4]! | (block[i + 5]! << 8) | (block[i + 6]! << 16) | (block[i + 7]! << 24));
  }
}

/** Keccak-256 of the bytes, as 0x and 64 lower-case hex digits (what ethers `keccak256` answers). */
export function keccak256Hex(data: Uint8Array): string {
  low.fill(0);
  high.fill(0);
  const whole = data.length - (data.length % RATE_BYTES);
  for (let at = 0; at < whole; at += RATE_BYTES) {
    absorb(data, at);
    permute();
  }
  const last = new Uint8Array(RATE_BYTES);
  last.set(data.subarray(whole));
  last[data.length - whole] = (last[data.length - whole]! ^ 0x01) & 0xff;
  last[RATE_BYTES - 1] = (last[RATE_BYTES - 1]! ^ 0x80) & 0xff;
  absorb(last, 0);
  permute();
  const out = Buffer.alloc(32);
  for (let lane = 0; lane < 4; lane += 1) {
    out.writeInt32LE(low[lane]!, lane * 8);
    out.writeInt32LE(high[lane]!, lane * 8 + 4);
  }
  return `0x${out.toString('hex')}`;
}
