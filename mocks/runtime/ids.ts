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
  if (alphabet.length < 2 || alphabet.length > 256) {
    throw new RangeError(`randomText: the alphabet has ${alphabet.length} characters; 2 to 256 are usable`);
  }
  // Bytes at or past the last whole multiple of the alphabet's size are drawn again, so no character is favoured.
  const limit = 256 - (256 % alphabet.length);
  let text = '';
  while (text.length < length) {
    const byte = randomByte();
    if (byte < limit) text += alphabet[byte % alphabet.length];
  }
  return text;
}

/** `count` groups of `size` random characters joined by `separator`: `33K6D-WBHLY`. */
export function randomGroups(alphabet: string, count: number, size = 5, separator = '-'): string {
  return Array.from({ length: count }, () => randomText(alphabet, size)).join(separator);
}

export const newUuid = (): string => randomUUID();
