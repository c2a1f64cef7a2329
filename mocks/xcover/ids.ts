import { randomFillSync, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

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

/** `count` groups of five characters from `alphabet`, joined by dashes. */
function groups(alphabet: string, count: number): string {
  let text = '';
  for (let index = 0; index < count * 5; index++) {
    if (index > 0 && index % 5 === 0) text += '-';
    // 256 is not a multiple of the alphabet sizes; the slight bias does not matter for sandbox ids.
    text += alphabet[randomByte() % alphabet.length];
  }
  return text;
}

/** Id formats as recorded: `33K6D-WBHLY-INS`, `joaiJ-Cao42-o9ulM-UPD`, `u7Thv-d6C5P-8FAQW-CCL`, `OYXZP-CgGUR-YI3Lz-RefU1`. */
export const newQuotePackageId = (): string => `${groups(UPPER_ALNUM, 2)}-INS`;
export const newUpdateId = (): string => `${groups(MIXED_ALNUM, 3)}-UPD`;
export const newCancellationId = (): string => `${groups(MIXED_ALNUM, 3)}-CCL`;
export const newSecurityToken = (): string => groups(MIXED_ALNUM, 4);
export const newUuid = (): string => randomUUID();
