import { formatMoney, roundMoney } from './money';
import type { Instalment, QuotePackage, QuoteRecord } from './state';
import { IPT_RATE } from './pricing';
import { newUuid } from './ids';

/** The plans quotes offer (recorded: `1year-monthly`, `1year-quarterly`). */
export const INSTALMENT_PLANS = [
  { name: '1year-monthly', label: '1Year-Monthly', count: 12, months: 1 },
  { name: '1year-quarterly', label: '1Year-Quarterly', count: 4, months: 3 },
] as const;

export function isInstalmentPlan(name: string): boolean {
  return INSTALMENT_PLANS.some((plan) => plan.name === name);
}

/**
 * The payment schedule of a quote booked on a plan: equal instalments over a year from the policy start,
 * the first one paid at booking (as recorded).
 */
export function scheduleFor(quote: QuoteRecord, planName: string): Instalment[] {
  const plan = INSTALMENT_PLANS.find((candidate) => candidate.name === planName);
  if (!plan) return [];
  const start = new Date(Date.parse(quote.policyStart));
  const amount = roundMoney(quote.pricing.price / plan.count);
  return Array.from({ length: plan.count }, (_, index) => {
    const periodStart = addMonths(start, index * plan.months);
    const periodEnd = new Date(addMonths(start, (index + 1) * plan.months).getTime() - 86400_000);
    return {
      id: newUuid(),
      number: index + 1,
      periodStart: periodStart.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      periodEnd: periodEnd.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      amount,
      status: index === 0 ? 'PAID' : 'UNPAID',
      paymentFailures: null,
    };
  });
}

/** Calendar months later, the day clamped to the month's last (31 Jan + 1 month = 28 Feb), as dateutil does. */
function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

function instalmentView(
  quote: QuoteRecord,
  instalment: Instalment,
  currency: string,
): Record<string, unknown> {
  // Each instalment carries the quote's taxes in proportion to its share of the price.
  const share = instalment.amount / quote.pricing.price;
  const adminFee = roundMoney(quote.pricing.adminFee * share);
  const ipt = roundMoney(quote.pricing.ipt * share);
  const tax = roundMoney(adminFee + ipt);
  const text = (amount: number) => amount.toFixed(2);
  return {
    id: instalment.id,
    number: instalment.number,
    quote: quote.id,
    period_start_date: instalment.periodStart,
    period_end_date: instalment.periodEnd,
    status: instalment.status,
    commission: 0,
    total_amount: instalment.amount,
    tax: {
      taxes: [
        {
          tax_code: 'Admin. fee',
          tax_type: 'FIXED_VALUE',
          tax_label: 'Admin. fee',
          tax_value: quote.pricing.adminFee.toFixed(20),
          tax_amount: text(adminFee),
          tax_amount_formatted: formatMoney(adminFee, currency),
        },
        {
          tax_code: 'IPT',
          tax_type: 'PERCENTAGE',
          tax_label: 'IPT',
          tax_value: (IPT_RATE * 100).toFixed(20),
          tax_amount: text(ipt),
          tax_amount_formatted: formatMoney(ipt, currency),
        },
      ],
      total_tax: text(tax),
      total_tax_formatted: formatMoney(tax, currency),
      total_amount_without_tax: text(roundMoney(instalment.amount - tax)),
      total_amount_without_tax_formatted: formatMoney(roundMoney(instalment.amount - tax), currency),
    },
    surcharges: {},
    payment_failures: instalment.paymentFailures,
  };
}

/** `GET bookings/{id}/instalments/`: the schedule of every quote booked on a plan. */
export function instalmentsView(pkg: QuotePackage): Record<string, unknown> {
  return {
    quotes: pkg.quotes
      .filter((quote) => quote.instalments.length > 0)
      .map((quote) => {
        const paid = quote.instalments.filter((instalment) => instalment.status === 'PAID');
        const next = quote.instalments.find((instalment) => instalment.status !== 'PAID');
        const lastPaid = paid[paid.length - 1];
        const unpaid = quote.instalments.filter((instalment) => instalment.status !== 'PAID');
        const sum = (instalments: readonly Instalment[]) =>
          roundMoney(instalments.reduce((total, instalment) => total + instalment.amount, 0));
        return {
          id: quote.id,
          next_payment: next ? instalmentView(quote, next, pkg.currency) : null,
          paid_until: lastPaid ? lastPaid.periodEnd : null,
          payment_schedule: quote.instalments.map((instalment) =>
            instalmentView(quote, instalment, pkg.currency),
          ),
          // Recorded: plain numbers, what was paid and what is still to pay (0.17 paid, 11 x 0.17 due).
          total_amount_paid: sum(paid),
          total_amount_due: sum(unpaid),
        };
      }),
    currency: pkg.currency,
  };
}
