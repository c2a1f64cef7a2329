/**
 * Ensuro's units: amounts are decimal text (or, as the samples send them, JSON numbers) scaled by the risk
 * module's `decimals` on chain; the loss probability is a wad (18 decimals); times are epoch seconds that fit a
 * uint40, as the SignedQuoteRiskModule stores them.
 */

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

/** The largest amount accepted, in whole units: far above any policy, far below uint256. */
const MAX_WHOLE_DIGITS = 15;
export const WAD_DECIMALS = 18;
export const MAX_UINT40 = 2 ** 40 - 1;

const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/**
 * A positive decimal amount (`"190.25"` or `190.25`) as an integer of `decimals` places. More places than
 * `decimals`, exponents, signs, zero and amounts over 15 whole digits are refused.
 */
export function parseAmount(value: unknown, decimals: number): Parsed<bigint> {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { ok: false, detail: 'must be a decimal string such as "190.25" or a JSON number' };
  }
  // A JSON number reads as JavaScript prints it: 190.25 stays 190.25, 1e21 is refused below.
  const text = typeof value === 'number' ? String(value) : value;
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, detail: `${JSON.stringify(text)} is not a plain positive decimal` };
  const [, whole = '', fraction = ''] = match;
  if (whole.length > MAX_WHOLE_DIGITS)
    return { ok: false, detail: `has more than ${MAX_WHOLE_DIGITS} whole digits` };
  if (fraction.length > decimals) return { ok: false, detail: `has more than ${decimals} decimal places` };
  const units = BigInt(whole + fraction.padEnd(decimals, '0'));
  if (units === 0n) return { ok: false, detail: 'must be greater than zero' };
  return { ok: true, value: units };
}

/** An integer of `decimals` places as Ensuro prints amounts: no trailing zeros (`19.9`, `190`). */
export function formatAmount(units: bigint, decimals: number): string {
  const digits = units.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** A probability strictly between 0 and 1 (`"0.105"`) as a wad (`105000000000000000`). */
export function parseProbability(value: string): Parsed<bigint> {
  const match = /^0\.([0-9]{1,18})$/.exec(value);
  const wad = match ? BigInt((match[1] as string).padEnd(WAD_DECIMALS, '0')) : 0n;
  return wad > 0n ? { ok: true, value: wad } : { ok: false, detail: 'must be a decimal between 0 and 1' };
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * An expiration as the docs write it (ISO 8601 date-time, `2022-10-27T21:36:07.211025Z`) or as the samples send
 * it (integer epoch seconds), as epoch seconds (fractions dropped) within uint40.
 */
export function parseExpiration(value: unknown): Parsed<number> {
  let seconds: number;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return { ok: false, detail: 'epoch seconds must be an integer' };
    seconds = value;
  } else if (typeof value === 'string' && ISO_DATE_TIME.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return { ok: false, detail: `${JSON.stringify(value)} is not a real date-time` };
    seconds = Math.floor(ms / 1000);
  } else {
    return { ok: false, detail: 'must be an ISO 8601 date-time or integer epoch seconds' };
  }
  if (seconds < 1 || seconds > MAX_UINT40)
    return { ok: false, detail: 'is outside the uint40 range of epoch seconds' };
  return { ok: true, value: seconds };
}
