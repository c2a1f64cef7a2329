const formatters = new Map<string, Intl.NumberFormat>();

/** Amounts are decimal currency units rounded to cents, as XCover returns them (2.01, not 201). */
export function roundMoney(amount: number): number {
  return Math.round((amount + Number.EPSILON) * 100) / 100;
}

/** `£2.01`, `A$2.75`, `$10.00`: XCover's `_formatted` fields, no grouping separators (recorded `£54211.21`). */
export function formatMoney(amount: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency, useGrouping: false });
    formatters.set(currency, formatter);
  }
  return formatter.format(amount);
}

/** `{field, field_formatted}` pairs, the way every XCover amount travels. */
export function money<K extends string>(
  field: K,
  amount: number,
  currency: string,
): Record<K | `${K}_formatted`, number | string> {
  return { [field]: roundMoney(amount), [`${field}_formatted`]: formatMoney(amount, currency) } as Record<
    K | `${K}_formatted`,
    number | string
  >;
}
