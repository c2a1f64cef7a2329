import { xcoverCatalogue } from './catalogue';
import { formatMoney, money, roundMoney } from './money';
import { INSTALMENT_PLANS } from './instalments';
import type { Pricing } from './pricing';
import type { PendingCancellation, QuotePackage, QuoteRecord } from './state';
import { addSeconds, duration, recordTimestamp } from './timestamps';

/** Inferred: the recorded cooling-off date is 14 days after confirmation. */
const COOLING_OFF_DAYS = 14;

/**
 * Response bodies, shaped as XCover's recorded ones. Quote packages carry `quotes` as an object keyed by
 * position; bookings and cancellation views carry it as an array.
 */
const SITE = 'https://staging.xcover.com';

const POLICYHOLDER_FIELDS = [
  'first_name',
  'middle_name',
  'last_name',
  'email',
  'phone',
  'country',
  'age',
  'address1',
  'address2',
  'city',
  'postcode',
  'region',
  'secondary_email',
  'birth_date',
  'company',
] as const;

/** Totals over the quotes that count (not cancelled). */
function totals(quotes: readonly QuoteRecord[]) {
  const live = quotes.filter((quote) => quote.status !== 'CANCELLED');
  const sum = (pick: (pricing: Pricing) => number) =>
    roundMoney(live.reduce((total, quote) => total + pick(quote.pricing), 0));
  return { price: sum((p) => p.price), tax: sum((p) => p.tax), premium: sum((p) => p.premium) };
}

function quoteView(
  pkg: QuotePackage,
  quote: QuoteRecord,
  pricing: Pricing = quote.pricing,
): Record<string, unknown> {
  const template = xcoverCatalogue().quoteTemplate as Record<string, Record<string, unknown>>;
  const { currency } = pkg;
  const policyType = String(quote.request.policy_type);
  const eventName = typeof quote.request.event_name === 'string' ? quote.request.event_name : undefined;
  const templatePolicy = template.policy as Record<string, unknown>;
  const templateContent = templatePolicy.content as Record<string, unknown>;
  const version =
    typeof quote.request.policy_type_version === 'number' ? quote.request.policy_type_version : 1;
  return {
    id: quote.id,
    policy_start_date: quote.policyStart,
    policy_end_date: quote.policyEnd,
    status: quote.status,
    ...money('price', pricing.price, currency),
    policy: {
      ...templatePolicy,
      policy_type: policyType,
      category: policyType,
      content: {
        // Content fields XCover returns for other policy versions (recorded on a listed 2019 booking) and the
        // spec documents; the recorded 2021 product omits them. Present, with neutral values, so clients
        // reading either generation find them; the template's own values win.
        inclusions: [],
        exclusions: [],
        disclaimer_html: templateContent.disclaimer,
        payment_disclaimer: null,
        in_path_disclaimer: null,
        ...templateContent,
        title: eventName ? `${String(templatePolicy.policy_name)} for ${eventName}` : templateContent.title,
      },
    },
    insured: quote.insured,
    tax: {
      total_tax: pricing.tax,
      total_amount_without_tax: pricing.premium,
      total_tax_formatted: formatMoney(pricing.tax, currency),
      total_amount_without_tax_formatted: formatMoney(pricing.premium, currency),
      taxes: [
        {
          tax_amount: pricing.adminFee,
          tax_code: 'Admin. fee',
          tax_amount_formatted: formatMoney(pricing.adminFee, currency),
        },
        {
          tax_amount: pricing.ipt,
          tax_code: 'IPT',
          tax_amount_formatted: formatMoney(pricing.ipt, currency),
        },
      ],
    },
    duration: duration(quote.policyStart, quote.policyEnd),
    benefits: template.benefits,
    commission: {
      ...money('partner_commission', 0, currency),
      ...money('surcharge_commission', 0, currency),
      ...money('total_commission', 0, currency),
    },
    created_at: quote.createdAt,
    confirmed_at: quote.confirmedAt,
    updated_at: quote.updatedAt,
    cancelled_at: quote.cancelledAt,
    is_renewable: false,
    is_pricebeat_enabled: null,
    ...money('cover_amount', pricing.insuredValue, currency),
    pds_url: `${SITE}/en/pds/${pkg.id}?policy_type=${policyType}_v${version}`,
    attachments: [],
    files: [],
    extra_fields: {},
    surcharge: { total_amount: null, total_amount_formatted: null, surcharges: null },
  };
}

function packageHead(pkg: QuotePackage, price: number): Record<string, unknown> {
  return {
    id: pkg.id,
    status: pkg.status,
    currency: pkg.currency,
    ...money('total_price', price, pkg.currency),
    partner_transaction_id: pkg.partnerTransactionId,
    created_at: pkg.createdAt,
    updated_at: pkg.updatedAt,
    pds_url: `${SITE}/en/pds/${pkg.id}`,
    security_token: pkg.securityToken,
  };
}

/** A quote package (`/quotes/...`): `quotes` keyed "0", "1", ... */
export function quotePackageView(pkg: QuotePackage): Record<string, unknown> {
  const { price } = totals(pkg.quotes);
  const quotes: Record<string, unknown> = {};
  pkg.quotes.forEach((quote, index) => {
    quotes[String(index)] = {
      ...quoteView(pkg, quote),
      // Recorded on every quote-package quote: no discounts in the sandbox, so the full price.
      ...money('discount_price', quote.pricing.price, pkg.currency),
      ...money('discount_amount', 0, pkg.currency),
      instalment_plans: INSTALMENT_PLANS.map((plan) => ({
        name: plan.name,
        label: plan.label,
        amount: quote.pricing.price,
      })),
    };
  });
  return {
    ...packageHead(pkg, price),
    quotes,
    bundle_code: null,
    ...money('bundle_price', price, pkg.currency),
    bundle_content: {},
    bundle_discount_percent: 0,
    ...money('bundle_discount_amount', 0, pkg.currency),
    errors: {},
  };
}

export interface BookingViewOptions {
  /** Read views (GET, list) add the partner and the customer language, as recorded. */
  readonly detailed?: boolean;
  /** A priced preview (quote_for_update): prices to show instead of the stored ones. */
  readonly preview?: ReadonlyMap<string, Pricing>;
  /**
   * Per-quote `price_diff`s, which every modification answer carries (recorded on PATCH bookings, 0 there,
   * and on confirm_update); quotes not in the map show 0. A preview shows its own differences without it.
   */
  readonly priceDiffs?: ReadonlyMap<string, number>;
}

/** A booking (`/bookings/...`, instant booking): `quotes` is a list. */
export function bookingView(pkg: QuotePackage, options: BookingViewOptions = {}): Record<string, unknown> {
  const quotes = pkg.quotes;
  const pricingOf = (quote: QuoteRecord) => options.preview?.get(quote.id) ?? quote.pricing;
  const live = quotes.filter((quote) => quote.status !== 'CANCELLED');
  const sum = (pick: (pricing: Pricing) => number) =>
    roundMoney(live.reduce((total, quote) => total + pick(pricingOf(quote)), 0));
  const price = sum((p) => p.price);
  const view: Record<string, unknown> = {
    ...packageHead(pkg, price),
    quotes: quotes.map((quote) => ({
      ...quoteView(pkg, quote, pricingOf(quote)),
      next_renewal: null,
      can_be_cancelled: quote.status === 'CONFIRMED',
      ...(options.preview || options.priceDiffs
        ? money(
            'price_diff',
            options.priceDiffs?.get(quote.id) ?? pricingOf(quote).price - quote.pricing.price,
            pkg.currency,
          )
        : {}),
    })),
    coi: {
      url: `${SITE}/en/coi/${pkg.id}?security_token=${pkg.securityToken}`,
      pdf: `${SITE}/en/coi/${pkg.id}.pdf?security_token=${pkg.securityToken}`,
    },
    account_url: `${SITE}/en/account?id=${pkg.accountId}&signup_token=${pkg.signupToken}`,
    policyholder: policyholderView(pkg.policyholder),
    ...money(
      'total_tax',
      sum((p) => p.tax),
      pkg.currency,
    ),
    ...money(
      'total_premium',
      sum((p) => p.premium),
      pkg.currency,
    ),
  };
  if (options.detailed) {
    view.partner = partnerView(pkg.partnerCode);
    view.customer_language = pkg.customerLanguage;
  }
  return view;
}

export function policyholderView(
  policyholder: Readonly<Record<string, unknown>> | null,
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of POLICYHOLDER_FIELDS) view[field] = policyholder?.[field] ?? null;
  view.allow_updates = policyholder?.allow_updates ?? false;
  return view;
}

function partnerView(partnerCode: string): Record<string, unknown> {
  const template = xcoverCatalogue().partnerTemplate;
  const subsidiary = template.subsidiary as Record<string, unknown> | undefined;
  return {
    ...template,
    id: partnerCode,
    ...(subsidiary ? { subsidiary: { ...subsidiary, id: partnerCode } } : {}),
  };
}

/**
 * A cancellation view, for a preview (with its id and deadline, quotes shown as they would end up) or for
 * a done cancellation (id and deadline null).
 */
export function cancellationView(
  pkg: QuotePackage,
  pending: PendingCancellation | undefined,
  cancelledQuoteIds: readonly string[],
): Record<string, unknown> {
  const cancelling = new Set(cancelledQuoteIds);
  const quotes = pkg.quotes;
  const refunds = quotes.filter((quote) => cancelling.has(quote.id)).map((quote) => quote.pricing.price);
  const remaining = quotes.filter((quote) => !cancelling.has(quote.id) && quote.status !== 'CANCELLED');
  const sum = (pick: (pricing: Pricing) => number) =>
    roundMoney(remaining.reduce((total, quote) => total + pick(quote.pricing), 0));
  return {
    id: pkg.id,
    status: remaining.length === 0 ? 'CANCELLED' : pkg.status,
    quotes: quotes.map((quote) => {
      const cancelled = cancelling.has(quote.id);
      const coolingOff = quote.confirmedAt
        ? recordTimestamp(addSeconds(new Date(Date.parse(quote.confirmedAt)), COOLING_OFF_DAYS * 86400))
        : null;
      return {
        id: quote.id,
        policy_start_date: quote.policyStart,
        policy_end_date: quote.policyEnd,
        policy_cancellation_date: pending ? null : quote.cancelledAt,
        policy_coolingoff_date: coolingOff,
        status: cancelled ? 'CANCELLED' : quote.status,
        ...money('price', quote.pricing.price, pkg.currency),
        ...money('refund_value', cancelled ? quote.pricing.price : 0, pkg.currency),
        ...money('adjustment_fee', cancelled ? quote.pricing.premium : 0, pkg.currency),
        policy: quoteView(pkg, quote).policy,
        insured: quote.insured,
        created_at: quote.createdAt,
        confirmed_at: quote.confirmedAt,
        updated_at: quote.updatedAt,
        cancelled_at: pending ? null : quote.cancelledAt,
        ...money('commission', 0, pkg.currency),
      };
    }),
    policyholder: policyholderView(pkg.policyholder),
    pds_url: `${SITE}/en/pds/${pkg.id}`,
    coi: {
      url: `${SITE}/en/coi/${pkg.id}?security_token=${pkg.securityToken}`,
      pdf: `${SITE}/en/coi/${pkg.id}.pdf?security_token=${pkg.securityToken}`,
    },
    created_at: pkg.createdAt,
    updated_at: pkg.updatedAt,
    ...money(
      'total_price',
      sum((p) => p.price),
      pkg.currency,
    ),
    ...money(
      'total_refund',
      refunds.reduce((total, refund) => total + refund, 0),
      pkg.currency,
    ),
    ...money(
      'total_tax',
      sum((p) => p.tax),
      pkg.currency,
    ),
    ...money(
      'total_premium',
      sum((p) => p.premium),
      pkg.currency,
    ),
    currency: pkg.currency,
    cancellation_id: pending?.id ?? null,
    confirm_before: pending?.confirmBefore ?? null,
    partner: partnerView(pkg.partnerCode),
  };
}
