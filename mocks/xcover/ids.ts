import { randomInt, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function group(alphabet: string): string {
  let text = '';
  for (let index = 0; index < 5; index++) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** Id formats as recorded: `33K6D-WBHLY-INS`, `joaiJ-Cao42-o9ulM-UPD`, `u7Thv-d6C5P-8FAQW-CCL`, `OYXZP-CgGUR-YI3Lz-RefU1`. */
export const newQuotePackageId = (): string => `${group(UPPER_ALNUM)}-${group(UPPER_ALNUM)}-INS`;
export const newUpdateId = (): string =>
  `${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-UPD`;
export const newCancellationId = (): string =>
  `${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-CCL`;
export const newSecurityToken = (): string =>
  `${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}-${group(MIXED_ALNUM)}`;
export const newUuid = (): string => randomUUID();
