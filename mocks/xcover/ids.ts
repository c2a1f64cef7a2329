import { ALNUM, randomGroups, UPPER_ALNUM } from '../runtime/ids';

export { newUuid } from '../runtime/ids';

/** Id formats as recorded: `33K6D-WBHLY-INS`, `joaiJ-Cao42-o9ulM-UPD`, `u7Thv-d6C5P-8FAQW-CCL`, `OYXZP-CgGUR-YI3Lz-RefU1`. */
export const newQuotePackageId = (): string => `${randomGroups(UPPER_ALNUM, 2)}-INS`;
export const newUpdateId = (): string => `${randomGroups(ALNUM, 3)}-UPD`;
export const newCancellationId = (): string => `${randomGroups(ALNUM, 3)}-CCL`;
export const newSecurityToken = (): string => randomGroups(ALNUM, 4);
