import { LOWER_HEX, randomText, UPPER_ALNUM } from '../runtime/ids';

/** Id formats as KASKO's examples show them: `tpol_` + 28 hex (33 characters), payments `t` + 32 hex. */
export const newPolicyId = (): string => `tpol_${randomText(LOWER_HEX, 28)}`;
export const newPaymentId = (): string => `t${randomText(LOWER_HEX, 32)}`;
/** Test insurer policy numbers carry the `TEST` prefix (`TEST-MOB-34L3638J876`; the middle part is Inferred). */
export const newInsurerPolicyId = (): string => `TEST-KSK-${randomText(UPPER_ALNUM, 11)}`;
/** Media ids as KASKO's webapp mock draws them: `med_` + 32 hex (a UUID without dashes). */
export const newMediaId = (): string => `med_${randomText(LOWER_HEX, 32)}`;
/** Lead ids are not documented (Inferred: `lead_` + 28 hex, as policy ids). */
export const newLeadId = (): string => `lead_${randomText(LOWER_HEX, 28)}`;
/** Token formats are not documented (Inferred: 64 hex digits). */
export const newToken = (): string => randomText(LOWER_HEX, 64);
/** `X-KASKO-Delivery` is a 32-hex guid; `X-Request-Id`'s format is not documented (Inferred: the same). */
export const newGuid = (): string => randomText(LOWER_HEX, 32);
