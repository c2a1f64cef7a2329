/**
 * Money as providers that take amounts in major units (`"450.00"`, `0.5`) need it: an amount is a whole number
 * of the currency's minor unit (a cent, a piastre); `0.0004` EGP is no amount at all, and a refund of it must
 * not succeed as a refund of 0. And what is given back for a period is never more than what was charged,
 * whichever way the clock moved.
 */

const digitsByCurrency = new Map<string, number>();

/**
 * How many decimals the currency's minor unit has (ISO 4217, from the CLDR data Node's ICU carries): EGP 2,
 * JPY 0, KWD 3. Undefined for a code that is no currency.
 */
export function minorUnitDigits(currency: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits;
    } catch {
      return undefined;
    }
    // At most 26^3 well-formed codes: the cache is bounded.
    digitsByCurrency.set(currency, digits as number);
  }
  return digits;
}

export type MinorUnits =
  | { readonly ok: true; readonly units: bigint }
  | { readonly ok: false; readonly problem: string; readonly digits?: number };

/**
 * An amount in major units (a JSON number or a decimal string) as whole minor units of `currency`, or why it is
 * none: more decimals than the currency has (`0.0004` or `1.005` EGP; trailing zeros are fine), not a plain
 * decimal (`1e-7`, `-1`), or an unknown currency. The `problem` reads after the field's name, as Joi words it.
 */
export function toMinorUnits(amount: number | string, currency: string): MinorUnits {
  const digits = minorUnitDigits(currency);
  if (digits === undefined) return { ok: false, problem: `is in ${JSON.stringify(currency)}, no currency` };
  // A JSON number reads as JavaScript prints it: 0.0004 stays 0.0004; 1e-7 is no plain decimal.
  const text = typeof amount === 'number' ? String(amount) : amount;
  const match = /^([0-9]{1,15})(?:\.([0-9]{1,20}))?$/.exec(text);
  if (!match) return { ok: false, problem: 'must be a plain decimal amount' };
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) {
    return { ok: false, problem: `must have no more than ${digits} decimal places`, digits };
  }
  return { ok: true, units: BigInt(`${match[1] as string}${fraction.padEnd(digits, '0')}`) };
}

/**
 * The part of `charged` that pays for the rest of a period, pro rata: the time left is clamped to
 * [0, end - start] (a clock moved before the start gives back all of it, never more), and so is the result to
 * [0, charged].
 */
export function unusedShare(
  charged: bigint,
  period: { readonly start: number; readonly end: number },
  now: number,
): bigint {
  const duration = Math.max(1, period.end - period.start);
  const left = Math.min(duration, Math.max(0, period.end - now));
  const share = (charged * BigInt(Math.floor(left))) / BigInt(Math.floor(duration));
  return share < 0n ? 0n : share > charged ? charged : share;
}
