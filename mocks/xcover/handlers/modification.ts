import type { HandlerResponse } from '../../runtime/provider';
import { newUpdateId } from '../ids';
import { priceQuote, type Pricing } from '../pricing';
import type { PendingUpdate, QuotePackage } from '../state';
import { bookingView, totalPriceDiff } from '../views';
import {
  body,
  commit,
  draftOf,
  findPackage,
  refuse,
  requireStatus,
  stamp,
  type XCoverRequest,
  notFound,
} from './common';
import { assertReadableStartDates, policyPeriod } from './quotes';

interface QuoteUpdate {
  readonly id: string;
  readonly update_fields: Record<string, unknown>;
}

function priceDifference(pkg: QuotePackage, update: PendingUpdate): Record<string, number | string> {
  const diff = pkg.quotes.reduce((total, quote) => {
    const change = update.changes.get(quote.id);
    return change ? total + change.pricing.price - quote.pricing.price : total;
  }, 0);
  return totalPriceDiff(diff, pkg.currency);
}

/**
 * PATCH bookings/{id}/quote_for_update: prices a change without applying it. The answer is the booking
 * as it would be, with `price_diff`s and the `update_id` to confirm; the stored booking is unchanged.
 */
export function quoteForUpdate(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['CONFIRMED']);
  const fields = body(request);
  const updates = fields.quotes as QuoteUpdate[];
  const byId = new Map(pkg.quotes.map((quote) => [quote.id, quote]));
  const unknown = updates.map(({ id }) => id).filter((id) => !byId.has(id));
  if (unknown.length > 0)
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      unknown.map((id) => `Quote ${id} is not part of this booking.`),
    );

  const merged = updates.map(({ id, update_fields }) => ({
    id,
    request: { ...byId.get(id)?.request, ...update_fields },
  }));
  assertReadableStartDates(merged.map(({ request }) => request));
  const changes = new Map<string, { request: Record<string, unknown>; pricing: Pricing }>();
  for (const { id, request: changed } of merged)
    changes.set(id, { request: changed, pricing: priceQuote(changed) });
  const update: PendingUpdate = {
    id: newUpdateId(),
    changes,
    policyholder: fields.policyholder as Record<string, unknown> | undefined,
  };
  pkg.updates = new Map(pkg.updates).set(update.id, update);
  const preview = new Map([...changes].map(([id, change]) => [id, change.pricing]));
  return commit(request, pkg, {
    status: 200,
    body: { ...bookingView(pkg, { preview }), ...priceDifference(pkg, update), update_id: update.id },
  });
}

/** POST bookings/{id}/confirm_update/{update_id}/: applies a priced change, once. */
export function confirmUpdate(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  const update = pkg.updates?.get(request.params.update_id ?? '');
  if (!update) throw notFound('XCOVER_UPDATE_NOT_FOUND');
  requireStatus(pkg, ['CONFIRMED']);
  const difference = priceDifference(pkg, update);
  // Recorded: the confirmed booking shows each quote's price change too, as the preview did.
  const priceDiffs = new Map(
    pkg.quotes.map((quote) => [
      quote.id,
      (update.changes.get(quote.id)?.pricing.price ?? quote.pricing.price) - quote.pricing.price,
    ]),
  );
  const timestamp = stamp(request);
  for (const quote of pkg.quotes) {
    const change = update.changes.get(quote.id);
    if (!change) continue;
    Object.assign(quote, {
      request: change.request,
      pricing: change.pricing,
      ...policyPeriod(change.request),
    });
    quote.updatedAt = timestamp;
  }
  if (update.policyholder) pkg.policyholder = { ...pkg.policyholder, ...update.policyholder };
  pkg.updates = undefined;
  pkg.updatedAt = timestamp;
  return commit(request, pkg, { status: 201, body: { ...bookingView(pkg, { priceDiffs }), ...difference } });
}
