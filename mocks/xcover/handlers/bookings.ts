import type { HandlerResponse } from '../../runtime/provider';
import { newUuid } from '../ids';
import { isInstalmentPlan, scheduleFor } from '../instalments';
import type { QuotePackage } from '../state';
import { bookingView, totalPriceDiff } from '../views';
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
  notFound,
} from './common';
import { newPackage } from './quotes';

interface QuoteSelection {
  readonly id: string;
  readonly insured?: unknown[];
  readonly instalment_plan?: string;
}

/**
 * Turns a RECEIVED package (a draft, see `draftOf`) into a booking: the selected quotes are confirmed (or
 * left PENDING_PAYMENT when the partner confirms payment later), the others leave the package.
 */
function book(request: XCoverRequest, pkg: QuotePackage, selections: readonly QuoteSelection[]): void {
  requireStatus(pkg, ['RECEIVED']);
  const fields = body(request);
  const byId = new Map(pkg.quotes.map((quote) => [quote.id, quote]));
  const ids = selections.map((selection) => selection.id);
  const wrong = ids.filter((id, index) => !byId.has(id) || ids.indexOf(id) !== index);
  if (wrong.length > 0) {
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      wrong.map((id) => `Quote ${id} is not part of this quote package or is listed twice.`),
    );
  }
  const plans = selections
    .map((selection) => selection.instalment_plan)
    .filter((plan): plan is string => plan !== undefined);
  const unknownPlan = plans.find((plan) => !isInstalmentPlan(plan));
  if (unknownPlan !== undefined) {
    throw refuse('XCOVER_INSTALMENT_PLAN_UNKNOWN', {
      quotes: [{ instalment_plan: [`"${unknownPlan}" is not a valid choice.`] }],
    });
  }

  const timestamp = stamp(request);
  const pending = fields.require_payment_confirmation === true;
  pkg.quotes = selections.map((selection) => {
    const quote = byId.get(selection.id) as QuotePackage['quotes'][number];
    quote.status = pending ? 'PENDING_PAYMENT' : 'CONFIRMED';
    quote.confirmedAt = pending ? null : timestamp;
    quote.updatedAt = timestamp;
    quote.insured = selection.insured ? selection.insured.map(insuredPerson) : null;
    quote.instalmentPlan = selection.instalment_plan ?? null;
    quote.instalments = selection.instalment_plan ? scheduleFor(quote, selection.instalment_plan) : [];
    return quote;
  });
  pkg.status = pending ? 'PENDING_PAYMENT' : 'CONFIRMED';
  pkg.policyholder = { ...(fields.policyholder as Record<string, unknown>) };
  if (fields.partner_transaction_id !== undefined)
    pkg.partnerTransactionId = fields.partner_transaction_id as string | null;
  pkg.bookedAt = timestamp;
  pkg.updatedAt = timestamp;
}

/**
 * An insured person as XCover returns it (recorded on a listed booking): with an `id` of its own, and
 * `email`, `region` and `age` present even when not sent (null; inferred from the spec's nullable fields).
 */
function insuredPerson(person: unknown): Record<string, unknown> {
  const fields = person as Record<string, unknown>;
  return { id: newUuid(), email: null, region: null, age: null, ...fields };
}

export function createBooking(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  book(request, pkg, body(request).quotes as QuoteSelection[]);
  return commit(request, pkg, { status: 200, body: bookingView(pkg) });
}

/** Quote and book in one call: every requested quote is booked. */
export function instantBooking(request: XCoverRequest): HandlerResponse {
  const pkg = newPackage(request);
  book(
    request,
    pkg,
    pkg.quotes.map((quote) => ({ id: quote.id })),
  );
  return commit(request, pkg, { status: 200, body: bookingView(pkg) });
}

/** GET bookings/{id}/: a quote package that was never booked is not a booking (inferred: 404). */
export function getBooking(request: XCoverRequest): HandlerResponse {
  const pkg = findPackage(request);
  if (pkg.bookedAt === null) throw notFound('XCOVER_QUOTE_PACKAGE_NOT_FOUND');
  return { status: 200, body: bookingView(pkg, { detailed: true }) };
}

/** PUT bookings/{id}/confirm: the partner confirms payment of a PENDING_PAYMENT booking. */
export function confirmBooking(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['PENDING_PAYMENT']);
  const timestamp = stamp(request);
  for (const quote of pkg.quotes) {
    quote.status = 'CONFIRMED';
    quote.confirmedAt = timestamp;
    quote.updatedAt = timestamp;
  }
  pkg.status = 'CONFIRMED';
  pkg.updatedAt = timestamp;
  return commit(request, pkg, { status: 201, body: bookingView(pkg) });
}

/** PATCH bookings/{id}/: policyholder details and the partner's transaction id (no repricing). */
export function modifyBooking(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['CONFIRMED', 'PENDING_PAYMENT']);
  const fields = body(request);
  const quoteChanges = (fields.quotes as { id: string }[] | undefined) ?? [];
  const known = new Set(pkg.quotes.map((quote) => quote.id));
  const unknown = quoteChanges.map(({ id }) => id).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      unknown.map((id) => `Quote ${id} is not part of this booking.`),
    );
  if (fields.policyholder)
    pkg.policyholder = { ...pkg.policyholder, ...(fields.policyholder as Record<string, unknown>) };
  if (fields.partner_transaction_id !== undefined)
    pkg.partnerTransactionId = fields.partner_transaction_id as string | null;
  pkg.updatedAt = stamp(request);
  // Recorded: a modification answer carries price differences, all 0 here (no repricing).
  return commit(request, pkg, {
    status: 200,
    body: { ...bookingView(pkg, { priceDiffs: new Map() }), ...totalPriceDiff(0, pkg.currency) },
  });
}

/** GET bookings/?limit&offset: Django REST Framework limit/offset pagination, newest first (inferred). */
export function listBookings(request: XCoverRequest): HandlerResponse {
  const bookings = [...request.state.packages.values()]
    .filter((pkg) => pkg.bookedAt !== null && pkg.partnerCode === partnerOf(request))
    .reverse();
  // DRF's limit/offset pagination falls back to the default page size for a limit of 0.
  const limit =
    typeof request.query.limit === 'number' && request.query.limit > 0
      ? request.query.limit
      : DEFAULT_PAGE_SIZE;
  const offset = typeof request.query.offset === 'number' ? request.query.offset : 0;
  const page = (at: number) => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (at > 0) params.set('offset', String(at));
    return `${request.origin}${request.path}?${params.toString()}`;
  };
  return {
    status: 200,
    body: {
      count: bookings.length,
      next: offset + limit < bookings.length ? page(offset + limit) : null,
      previous: offset > 0 ? page(Math.max(0, offset - limit)) : null,
      results: bookings.slice(offset, offset + limit).map((pkg) => bookingView(pkg, { detailed: true })),
    },
  };
}

const DEFAULT_PAGE_SIZE = 10;

const EMAIL_EVENTS: Readonly<Record<string, QuotePackage['status'] | undefined>> = {
  BOOKING_CREATED: undefined,
  BOOKING_UPDATED: undefined,
  BOOKING_CANCELLED: 'CANCELLED',
};

/** POST bookings/{id}/send_email: 202; BOOKING_CANCELLED only for a cancelled booking (recorded). */
export function sendEmail(request: XCoverRequest): HandlerResponse {
  const pkg = findPackage(request);
  const event = body(request).event;
  if (event !== undefined) {
    const name = String(event);
    if (!(name in EMAIL_EVENTS))
      throw refuse('XCOVER_EMAIL_EVENT_REFUSED', [`"${name}" is not a valid choice.`]);
    const needs = EMAIL_EVENTS[name];
    if (needs !== undefined && pkg.status !== needs) {
      throw refuse('XCOVER_EMAIL_EVENT_REFUSED', [
        `${name} email can be only triggered for ${needs} bookings.`,
      ]);
    }
  } else if (pkg.bookedAt === null) {
    throw refuse('XCOVER_STATUS_TRANSITION_REFUSED', [
      `Status change not allowed for QuotePackage in status ${pkg.status}`,
    ]);
  }
  return { status: 202 };
}

/** POST bookings/{id}/opt_out: the customer declined the offer; the package is kept as OPTED_OUT. */
export function optOut(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['RECEIVED']);
  pkg.status = 'OPTED_OUT';
  pkg.updatedAt = stamp(request);
  return commit(request, pkg, { status: 204 });
}
