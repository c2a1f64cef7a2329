import { createHash } from 'node:crypto';
import { ALNUM, UPPER_ALNUM, newUuid, randomGroups, randomText } from '../runtime/ids';

/**
 * The formats of what the Kigo sandbox issues. Session tokens are opaque: 48 letters and digits (about 285
 * random bits), the same shape for partner, access and refresh tokens, so a token says nothing of its kind.
 */
const SESSION_TOKEN_LENGTH = 48;
const SESSION_TOKEN_SHAPE = /^[A-Za-z0-9]{48}$/;

export const newSessionToken = (): string => randomText(ALNUM, SESSION_TOKEN_LENGTH);

export const isSessionTokenShaped = (token: string): boolean => SESSION_TOKEN_SHAPE.test(token);

/**
 * How the state keys an issued token: its SHA-256, so the state never holds a token a heap dump could
 * replay, and a lookup compares digests rather than the secret itself.
 */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** `K7QD-2MXP-9WTR` (Inferred format). */
export const newClaimCode = (): string => randomGroups(UPPER_ALNUM, 3, 4);

/** A gift card's code, revealed with its bundle: `BB-5521-8830`-like (Inferred format). */
export const newGiftCardCode = (): string => randomGroups(UPPER_ALNUM, 3, 4);

/** A redemption code (Inferred format). */
export const newRedemptionCode = (): string => `RDM-${randomGroups(UPPER_ALNUM, 2, 4)}`;

export { newUuid };
