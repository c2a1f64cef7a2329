import type { Amounts } from './state';

/**
 * What a quote costs. KASKO prices with each product's own rules; the sandbox uses one plausible rule
 * (Inferred): 5 % of an insured value (`item_value` or `purchase_value`, in cents) when the data gives one,
 * else the net premium of the spec's quote example, plus tax at the example's rate. Integers in cents.
 */
export function priceQuote(data: Readonly<Record<string, unknown>>, example: Amounts): Amounts {
  const value = [data.item_value, data.purchase_value].find(
    (candidate): candidate is number => Number.isSafeInteger(candidate) && (candidate as number) > 0,
  );
  const net = value === undefined ? example.net_premium : Math.max(100, Math.round(value * 0.05));
  const tax = Math.round(net * example.tax_rate);
  return { gross_premium: net + tax, premium_tax: tax, net_premium: net, tax_rate: example.tax_rate };
}
