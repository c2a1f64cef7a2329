import { randomFillSync, randomUUID } from 'node:crypto';

/** Alphabets provider ids are drawn from. */
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const LOWER_HEX = '0123456789abcdef';

// Random bytes drawn in bulk: a draw per id costs more than the rest of creating a quote.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++] as number;
}

/** `length` characters drawn uniformly from `alphabet` (2 to 256 characters). */
export function randomText(alphabet: string, length: number): string {
  assertAlphabet(alphabet);
  return appendRandom('', alphabet, length);
}

/** `count` groups of `size` random characters joined by `separator`: `33K6D-WBHLY`. */
export function randomGroups(alphabet: string, count: number, size = 5, separator = '-'): string {
  assertAlphabet(alphabet);
  // One string built in place: ids are drawn several times per request.
  let text = '';
  for (let group = 0; group < count; group++) {
    text = appendRandom(group === 0 ? text : text + separator, alphabet, size);
  }
  return text;
}

function assertAlphabet(alphabet: string): void {
  if (alphabet.length < 2 || alphabet.length > 256) {
    throw new RangeError(`randomText: the alphabet has ${alphabet.length} characters; 2 to 256 are usable`);
  }
}

/** `text` followed by `length` characters drawn uniformly from `alphabet`. */
function appendRandom(text: string, alphabet: string, length: number): string {
  // Bytes at or past the last whole multiple of the alphabet's size are drawn again, so no character is favoured.
  const limit = 256 - (256 % alphabet.length);
  let result = text;
  for (let drawn = 0; drawn < length;) {
    const byte = randomByte();
    if (byte < limit) {
      result += alphabet[byte % alphabet.length];
      drawn += 1;
    }
  }
  return result;
}

export const newUuid = (): string => randomUUID();
