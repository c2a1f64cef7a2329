import type { HandlerResponse } from '../../runtime/provider';
import { SandboxRejection } from '../../runtime/reasons';
import { API_ERROR_MESSAGE } from '../errors';
import { newQuotePackageId, newSecurityToken, newUuid } from '../ids';
import { INSURED_VALUE_FIELDS, priceQuote } from '../pricing';
import type { QuotePackage, QuoteRecord } from '../state';
import { policyDate } from '../timestamps';
import { quotePackageView } from '../views';
import {
  body,
  commit,
  draftOf,
  findPackage,
  partnerOf,
  refuse,
  requireStatus,
  stamp,
  type XCoverRequest,
} from './common';

const ONE_YEAR_MS = 365 * 86400_000;

/** The fields of a request item the sandbox reads: the views', the price's and the policy period's. */
const TERM_FIELDS = [
  'policy_type',
  'policy_type_version',
  'policy_start_date',
  'policy_end_date',
  'event_datetime',
  'event_name',
  'number_of_tickets',
  ...INSURED_VALUE_FIELDS,
] as const;

/**
 * What a quote keeps of its request item: the fields read later, and of the tickets only their prices.
 * Items may carry any other field (the spec allows them, a body may hold 1 MiB of them); nothing reads
 * those, so nothing keeps them.
 */
function quoteTerms(item: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const terms: Record<string, unknown> = {};
  for (const field of TERM_FIELDS) if (item[field] !== undefined) terms[field] = item[field];
  if (Array.isArray(item.tickets)) {
    terms.tickets = (item.tickets as unknown[]).map((ticket) => ({
      price: (ticket as { price?: unknown } | null)?.price,
    }));
  }
  return terms;
}

/** A priced quote from one request item; the policy ends at the event, or a year after the start (inferred). */
function buildQuote(item: Readonly<Record<string, unknown>>, timestamp: string): QuoteRecord {
  const terms = quoteTerms(item);
  return {
    id: newUuid(),
    request: terms,
    pricing: priceQuote(terms),
    status: 'RECEIVED',
    ...policyPeriod(terms),
    createdAt: timestamp,
    updatedAt: timestamp,
    confirmedAt: null,
    cancelledAt: null,
    insured: null,
    instalmentPlan: null,
    instalments: [],
  };
}

/** The policy period of a quote item: it ends at the event, or a year after the start (inferred). */
export function policyPeriod(item: Readonly<Record<string, unknown>>): {
  policyStart: string;
  policyEnd: string;
} {
  // The start is a readable date: validated by the spec, or by assertReadableStartDates for merged items.
  const start = new Date(String(item.policy_start_date));
  const end =
    dateOf(item.event_datetime) ?? dateOf(item.policy_end_date) ?? new Date(start.getTime() + ONE_YEAR_MS);
  return { policyStart: policyDate(start), policyEnd: policyDate(end) };
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Refuses, before anything is stored or changed, merged quote items (quote updates, priced modifications)
 * whose start date is not a date: their changes are free-form, so the spec's validation cannot see the
 * merged value. DRF answers these with its date-time message, keyed by the item's position in `request`.
 */
export function assertReadableStartDates(items: readonly Record<string, unknown>[]): void {
  const errors = items.map((item) =>
    Number.isNaN(new Date(String(item.policy_start_date)).getTime())
      ? { policy_start_date: ['Datetime has wrong format.'] }
      : {},
  );
  if (errors.some((error) => Object.keys(error).length > 0)) {
    throw new SandboxRejection(422, 'XCOVER_BODY_INVALID', API_ERROR_MESSAGE, { request: errors });
  }
}

/** A new RECEIVED package for the request's quote items (create quote, instant booking), not yet stored. */
export function newPackage(request: XCoverRequest): QuotePackage {
  const fields = body(request);
  const timestamp = stamp(request);
  return {
    id: newQuotePackageId(),
    partnerCode: partnerOf(request),
    status: 'RECEIVED',
    currency: String(fields.currency),
    customerCountry: fields.customer_country as string | undefined,
    customerRegion: (fields.customer_region as string | null | undefined) ?? null,
    customerLanguage: (fields.customer_language as string | undefined) ?? 'en',
    partnerTransactionId: (fields.partner_transaction_id as string | null | undefined) ?? null,
    createdAt: timestamp,
    updatedAt: timestamp,
    securityToken: newSecurityToken(),
    accountId: newUuid(),
    signupToken: newSecurityToken(),
    quotes: (fields.request as Record<string, unknown>[]).map((item) => buildQuote(item, timestamp)),
    policyholder: null,
    bookedAt: null,
  };
}

export function createQuote(request: XCoverRequest): HandlerResponse {
  const pkg = newPackage(request);
  return commit(request, pkg, { status: 201, body: quotePackageView(pkg) });
}

export function getQuote(request: XCoverRequest): HandlerResponse {
  return { status: 200, body: quotePackageView(findPackage(request)) };
}

/** PATCH quotes/{id}/: package fields and, by `quote_id`, quote fields; changed quotes are priced again. */
export function updateQuote(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['RECEIVED']);
  const fields = body(request);
  const items = (fields.request as Record<string, unknown>[] | undefined) ?? [];
  const byId = new Map(pkg.quotes.map((quote) => [quote.id, quote]));
  const unknown = items.map((item) => String(item.quote_id)).filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      unknown.map((id) => `Quote ${id} is not part of this quote package.`),
    );
  assertReadableStartDates(items.map((item) => ({ ...byId.get(String(item.quote_id))?.request, ...item })));
  const timestamp = stamp(request);
  for (const item of items) {
    const quote = byId.get(String(item.quote_id)) as QuoteRecord;
    const { quote_id: _quoteId, ...changes } = item;
    const updated = buildQuote({ ...quote.request, ...changes }, quote.createdAt);
    Object.assign(quote, {
      request: updated.request,
      pricing: updated.pricing,
      policyStart: updated.policyStart,
      policyEnd: updated.policyEnd,
      updatedAt: timestamp,
    });
  }
  if (typeof fields.currency === 'string') pkg.currency = fields.currency;
  if (typeof fields.customer_country === 'string') pkg.customerCountry = fields.customer_country;
  if (fields.customer_region !== undefined) pkg.customerRegion = fields.customer_region as string | null;
  if (typeof fields.customer_language === 'string') pkg.customerLanguage = fields.customer_language;
  pkg.updatedAt = timestamp;
  return commit(request, pkg, { status: 200, body: quotePackageView(pkg) });
}

/** POST quotes/{id}/add/: new quotes come first in the package, as recorded. */
export function addQuotes(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['RECEIVED']);
  const items = body(request).request as Record<string, unknown>[];
  const timestamp = stamp(request);
  const added = items.map((item) => buildQuote(item, timestamp));
  pkg.quotes = [...added, ...pkg.quotes];
  pkg.updatedAt = timestamp;
  return commit(request, pkg, { status: 201, body: quotePackageView(pkg) });
}

export function deleteQuotes(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['RECEIVED']);
  const ids = (body(request).quotes as { id: string }[]).map(({ id }) => id);
  const known = new Set(pkg.quotes.map((quote) => quote.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      unknown.map((id) => `Quote ${id} is not part of this quote package.`),
    );
  const remaining = pkg.quotes.filter((quote) => !ids.includes(quote.id));
  if (remaining.length === 0)
    throw refuse('XCOVER_LAST_QUOTE', ['A quote package must keep at least one quote.']);
  pkg.quotes = remaining;
  pkg.updatedAt = stamp(request);
  return commit(request, pkg, { status: 200, body: quotePackageView(pkg) });
}
