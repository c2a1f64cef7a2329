/** Longest fraction Kashier amounts are written with (three decimals for currencies with fils). */
const MAX_DECIMALS = 3;

/**
 * The other ways the same amount is commonly written (`600`, `600.0`, `600.00`, `600.000`; leading zeros
 * dropped): an order hash made over one of them is a formatting mistake, not a forged hash. Works on the digits,
 * never through floating point. Empty for a string that is not a plain decimal.
 */
export function otherAmountSpellings(amount: string): string[] {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(amount);
  if (!match) return [];
  const whole = (match[1] as string).replace(/^0+(?=[0-9])/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > MAX_DECIMALS) return [];
  const spellings = new Set<string>();
  if (fraction === '') spellings.add(whole);
  for (let decimals = Math.max(1, fraction.length); decimals <= MAX_DECIMALS; decimals++) {
    spellings.add(`${whole}.${fraction.padEnd(decimals, '0')}`);
  }
  spellings.delete(amount);
  return [...spellings];
}
