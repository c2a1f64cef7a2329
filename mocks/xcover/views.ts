import { xcoverCatalogue } from './catalogue';
import { formatMoney, roundMoney } from './money';
import { INSTALMENT_PLANS } from './instalments';
import type { Pricing } from './pricing';
import type { PendingCancellation, QuotePackage, QuoteRecord } from './state';
import { addSeconds, duration, recordTimestamp } from './timestamps';

/**
 * Response bodies, shaped as XCover's recorded ones. Quote packages carry `quotes` as an object keyed by
 * position; bookings and cancellation views carry it as an array. Amounts travel in pairs, `price` and
 * `price_formatted`. The views are built field by field (no spreading of large objects): they are on the
 * path of every request, and this keeps them cheap.
 */
const SITE = 'https://staging.xcover.com';

/** Inferred: the recorded cooling-off date is 14 days after confirmation. */
const COOLING_OFF_DAYS = 14;

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

type Pick = (pricing: Pricing) => number;

/** The sum of one amount over the quotes that count (not cancelled), with their prices (stored or previewed). */
function total(
  quotes: readonly QuoteRecord[],
  pick: Pick,
  pricingOf: (quote: QuoteRecord) => Pricing = (q) => q.pricing,
): number {
  let sum = 0;
  for (const quote of quotes) if (quote.status !== 'CANCELLED') sum += pick(pricingOf(quote));
  return roundMoney(sum);
}

/**
 * The policy object of a quote: the spec example's policy for the requested type, its title naming the event.
 * Built for each answer, not kept: two small objects that die young cost less than a view kept per quote for as
 * long as its package (promoted by the garbage collector, held in a weak map, charged to the state's bytes).
 * `withLegacyContent` adds the content fields XCover returns for older policy versions (recorded on a
 * listed 2019 booking, documented in the spec): the read views of bookings carry them, so clients reading
 * either generation find them; the recorded 2021 quote and booking answers do not.
 */
function policyView(quote: QuoteRecord, withLegacyContent = false): Record<string, unknown> {
  const policyType = String(quote.request.policy_type);
  const eventName = typeof quote.request.event_name === 'string' ? quote.request.event_name : undefined;
  const template = xcoverCatalogue().quoteTemplate.policy as Record<string, unknown>;
  const content = template.content as Record<string, unknown>;
  const legacy = withLegacyContent
    ? {
        inclusions: [],
        exclusions: [],
        disclaimer_html: content.disclaimer,
        payment_disclaimer: null,
        in_path_disclaimer: null,
      }
    : {};
  const title = eventName ? `${String(template.policy_name)} for ${eventName}` : content.title;
  return {
    ...template,
    policy_type: policyType,
    category: policyType,
    content: { ...legacy, ...content, title },
  };
}

/** The fields every quote view shares (quote packages and bookings add theirs). */
function quoteView(
  pkg: QuotePackage,
  quote: QuoteRecord,
  pricing: Pricing = quote.pricing,
  withLegacyContent = false,
): Record<string, unknown> {
  const currency = pkg.currency;
  const version =
    typeof quote.request.policy_type_version === 'number' ? quote.request.policy_type_version : 1;
  const zero = formatMoney(0, currency);
  return {
    id: quote.id,
    policy_start_date: quote.policyStart,
    policy_end_date: quote.policyEnd,
    status: quote.status,
    price: pricing.price,
    price_formatted: formatMoney(pricing.price, currency),
    policy: policyView(quote, withLegacyContent),
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
    benefits: xcoverCatalogue().quoteTemplate.benefits,
    commission: {
      partner_commission: 0,
      partner_commission_formatted: zero,
      surcharge_commission: 0,
      surcharge_commission_formatted: zero,
      total_commission: 0,
      total_commission_formatted: zero,
    },
    created_at: quote.createdAt,
    confirmed_at: quote.confirmedAt,
    updated_at: quote.updatedAt,
    cancelled_at: quote.cancelledAt,
    is_renewable: false,
    is_pricebeat_enabled: null,
    cover_amount: pricing.insuredValue,
    cover_amount_formatted: formatMoney(pricing.insuredValue, currency),
    pds_url: `${SITE}/en/pds/${pkg.id}?policy_type=${encodeURIComponent(`${String(quote.request.policy_type)}_v${version}`)}`,
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
    total_price: price,
    total_price_formatted: formatMoney(price, pkg.currency),
    partner_transaction_id: pkg.partnerTransactionId,
    created_at: pkg.createdAt,
    updated_at: pkg.updatedAt,
    pds_url: `${SITE}/en/pds/${pkg.id}`,
    security_token: pkg.securityToken,
  };
}

/** A quote package (`/quotes/...`): `quotes` keyed "0", "1", ... */
export function quotePackageView(pkg: QuotePackage): Record<string, unknown> {
  const price = total(pkg.quotes, (p) => p.price);
  const zero = formatMoney(0, pkg.currency);
  const quotes: Record<string, unknown> = {};
  pkg.quotes.forEach((quote, index) => {
    const view = quoteView(pkg, quote);
    // Recorded on every quote-package quote: no discounts in the sandbox, so the full price.
    view.discount_price = quote.pricing.price;
    view.discount_price_formatted = view.price_formatted;
    view.discount_amount = 0;
    view.discount_amount_formatted = zero;
    view.instalment_plans = INSTALMENT_PLANS.map((plan) => ({
      name: plan.name,
      label: plan.label,
      amount: quote.pricing.price,
    }));
    quotes[String(index)] = view;
  });
  const view = packageHead(pkg, price);
  view.quotes = quotes;
  view.bundle_code = null;
  view.bundle_price = price;
  view.bundle_price_formatted = view.total_price_formatted;
  view.bundle_content = {};
  view.bundle_discount_percent = 0;
  view.bundle_discount_amount = 0;
  view.bundle_discount_amount_formatted = zero;
  view.errors = {};
  return view;
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
  const pricingOf = (quote: QuoteRecord) => options.preview?.get(quote.id) ?? quote.pricing;
  const withDiffs = options.preview !== undefined || options.priceDiffs !== undefined;
  const view = packageHead(
    pkg,
    total(pkg.quotes, (p) => p.price, pricingOf),
  );
  view.quotes = pkg.quotes.map((quote) => {
    const quoteBody = quoteView(pkg, quote, pricingOf(quote), options.detailed);
    quoteBody.next_renewal = null;
    quoteBody.can_be_cancelled = quote.status === 'CONFIRMED';
    if (withDiffs) {
      const diff = roundMoney(
        options.priceDiffs?.get(quote.id) ?? pricingOf(quote).price - quote.pricing.price,
      );
      quoteBody.price_diff = diff;
      quoteBody.price_diff_formatted = formatMoney(diff, pkg.currency);
    }
    return quoteBody;
  });
  view.coi = coiView(pkg);
  view.account_url = `${SITE}/en/account?id=${pkg.accountId}&signup_token=${pkg.signupToken}`;
  view.policyholder = policyholderView(pkg.policyholder);
  const tax = total(pkg.quotes, (p) => p.tax, pricingOf);
  const premium = total(pkg.quotes, (p) => p.premium, pricingOf);
  view.total_tax = tax;
  view.total_tax_formatted = formatMoney(tax, pkg.currency);
  view.total_premium = premium;
  view.total_premium_formatted = formatMoney(premium, pkg.currency);
  if (options.detailed) {
    view.partner = partnerView(pkg.partnerCode);
    view.customer_language = pkg.customerLanguage;
  }
  return view;
}

/** `total_price_diff` and its formatted twin, which modification answers carry. */
export function totalPriceDiff(amount: number, currency: string): Record<string, number | string> {
  const diff = roundMoney(amount);
  return { total_price_diff: diff, total_price_diff_formatted: formatMoney(diff, currency) };
}

function coiView(pkg: QuotePackage): Record<string, string> {
  return {
    url: `${SITE}/en/coi/${pkg.id}?security_token=${pkg.securityToken}`,
    pdf: `${SITE}/en/coi/${pkg.id}.pdf?security_token=${pkg.securityToken}`,
  };
}

function policyholderView(policyholder: Readonly<Record<string, unknown>> | null): Record<string, unknown> {
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
  const { currency } = pkg;
  const remaining = pkg.quotes.filter((quote) => !cancelling.has(quote.id));
  const refund = roundMoney(
    pkg.quotes.reduce((sum, quote) => (cancelling.has(quote.id) ? sum + quote.pricing.price : sum), 0),
  );
  const price = total(remaining, (p) => p.price);
  const tax = total(remaining, (p) => p.tax);
  const premium = total(remaining, (p) => p.premium);
  return {
    id: pkg.id,
    status: remaining.every((quote) => quote.status === 'CANCELLED') ? 'CANCELLED' : pkg.status,
    quotes: pkg.quotes.map((quote) => {
      const cancelled = cancelling.has(quote.id);
      const refundValue = cancelled ? quote.pricing.price : 0;
      const adjustmentFee = cancelled ? quote.pricing.premium : 0;
      return {
        id: quote.id,
        policy_start_date: quote.policyStart,
        policy_end_date: quote.policyEnd,
        policy_cancellation_date: pending ? null : quote.cancelledAt,
        policy_coolingoff_date: quote.confirmedAt
          ? recordTimestamp(addSeconds(new Date(Date.parse(quote.confirmedAt)), COOLING_OFF_DAYS * 86400))
          : null,
        status: cancelled ? 'CANCELLED' : quote.status,
        price: quote.pricing.price,
        price_formatted: formatMoney(quote.pricing.price, currency),
        refund_value: refundValue,
        refund_value_formatted: formatMoney(refundValue, currency),
        adjustment_fee: adjustmentFee,
        adjustment_fee_formatted: formatMoney(adjustmentFee, currency),
        policy: policyView(quote),
        insured: quote.insured,
        created_at: quote.createdAt,
        confirmed_at: quote.confirmedAt,
        updated_at: quote.updatedAt,
        cancelled_at: pending ? null : quote.cancelledAt,
        // Recorded as null in cancellation views.
        commission: null,
      };
    }),
    policyholder: policyholderView(pkg.policyholder),
    pds_url: `${SITE}/en/pds/${pkg.id}`,
    coi: coiView(pkg),
    created_at: pkg.createdAt,
    updated_at: pkg.updatedAt,
    total_price: price,
    total_price_formatted: formatMoney(price, currency),
    total_refund: refund,
    total_refund_formatted: formatMoney(refund, currency),
    total_tax: tax,
    total_tax_formatted: formatMoney(tax, currency),
    total_premium: premium,
    total_premium_formatted: formatMoney(premium, currency),
    currency,
    cancellation_id: pending?.id ?? null,
    confirm_before: pending?.confirmBefore ?? null,
    partner: partnerView(pkg.partnerCode),
  };
}
