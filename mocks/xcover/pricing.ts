import { roundMoney } from './money';

/**
 * The sandbox's pricing model. XCover's real rating is not public; this one reproduces the recorded
 * staging quote for two £100 event tickets exactly (premium 0.90, IPT 0.11, admin fee 1.00, price 2.01)
 * and is documented in docs/xcover.md: premium = 0.45 % of the insured value, insurance premium tax 12 %
 * of the premium, a fixed admin fee of 1.00 per quote.
 */
export const PREMIUM_RATE = 0.0045;
export const IPT_RATE = 0.12;
export const ADMIN_FEE = 1;
const DEFAULT_INSURED_VALUE = 100;

export interface Pricing {
  readonly insuredValue: number;
  readonly premium: number;
  readonly ipt: number;
  readonly adminFee: number;
  readonly tax: number;
  readonly price: number;
}

export function priceQuote(item: Readonly<Record<string, unknown>>): Pricing {
  const insuredValue = insuredValueOf(item);
  const premium = Math.max(roundMoney(insuredValue * PREMIUM_RATE), 0.01);
  const ipt = roundMoney(premium * IPT_RATE);
  const tax = roundMoney(ipt + ADMIN_FEE);
  return { insuredValue, premium, ipt, adminFee: ADMIN_FEE, tax, price: roundMoney(premium + tax) };
}

/** The fields an insured value is read from when a quote has no priced tickets, in order. */
export const INSURED_VALUE_FIELDS = [
  'total_trip_cost',
  'trip_cost',
  'cover_amount',
  'item_value',
  'parcel_value',
  'total_price',
  'price',
] as const;

/**
 * What is being insured: for tickets the ticket prices times the number of tickets (a single listed price
 * stands for each ticket, as the recorded requests send it), otherwise the first of the usual value fields.
 */
function insuredValueOf(item: Readonly<Record<string, unknown>>): number {
  const tickets = Array.isArray(item.tickets) ? (item.tickets as unknown[]) : [];
  const prices = tickets
    .map((ticket) => (ticket as { price?: unknown } | null)?.price)
    .filter((price): price is number => typeof price === 'number' && price >= 0);
  if (prices.length > 0) {
    const count = typeof item.number_of_tickets === 'number' ? item.number_of_tickets : prices.length;
    const average = prices.reduce((sum, price) => sum + price, 0) / prices.length;
    return roundMoney(average * Math.max(count, prices.length));
  }
  for (const field of INSURED_VALUE_FIELDS) {
    const value = item[field];
    if (typeof value === 'number' && value >= 0) return value;
  }
  return DEFAULT_INSURED_VALUE;
}
