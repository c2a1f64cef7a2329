/** Amounts are decimal currency units rounded to cents, as XCover returns them (2.01, not 201). */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

interface CurrencyFormat {
  readonly prefix: string;
  readonly suffix: string;
  readonly digits: number;
}

const formats = new Map<string, CurrencyFormat>();

/**
 * How a currency is written (symbol before or after, decimals), learnt once from Intl; formatting itself is
 * then plain `toFixed`, since every response carries a dozen formatted amounts.
 */
function currencyFormat(currency: string): CurrencyFormat {
  let format = formats.get(currency);
  if (!format) {
    const intl = new Intl.NumberFormat('en-US', { style: 'currency', currency, useGrouping: false });
    const parts = intl.formatToParts(1);
    const numberAt = parts.findIndex((part) => part.type === 'integer');
    const text = (from: number, to: number) =>
      parts
        .slice(from, to)
        .filter((part) => !['integer', 'decimal', 'fraction'].includes(part.type))
        .map((part) => part.value)
        .join('');
    format = {
      prefix: text(0, numberAt),
      suffix: text(numberAt, parts.length),
      digits: intl.resolvedOptions().maximumFractionDigits ?? 2,
    };
    formats.set(currency, format);
  }
  return format;
}

/** `£2.01`, `A$2.75`, `-$1.00`: XCover's `_formatted` fields, no grouping separators (recorded `£54211.21`). */
export function formatMoney(amount: number, currency: string): string {
  const { prefix, suffix, digits } = currencyFormat(currency);
  const sign = amount < 0 ? '-' : '';
  return `${sign}${prefix}${Math.abs(amount).toFixed(digits)}${suffix}`;
}
