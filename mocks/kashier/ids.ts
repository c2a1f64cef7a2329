import { LOWER_HEX, newUuid, randomText } from '../runtime/ids';

/** Kashier's id formats: Mongo object ids, `TX-` transaction ids, `TEST-ORD-` order references (seen live). */
export const newObjectId = (): string => randomText(LOWER_HEX, 24);
export const newTransactionId = (): string => `TX-${randomText('0123456789', 9)}`;
export const newOrderReference = (mode: 'test' | 'live'): string =>
  `${mode === 'test' ? 'TEST-' : ''}ORD-${randomText('0123456789', 8)}`;
export const newCheckoutId = (): string => `chk_${randomText(LOWER_HEX, 24)}`;
export { newUuid };
