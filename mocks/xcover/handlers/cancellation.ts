import type { HandlerResponse } from '../../runtime/provider';
import { newCancellationId } from '../ids';
import type { PendingCancellation, QuotePackage } from '../state';
import { addSeconds, recordTimestamp } from '../timestamps';
import { cancellationView } from '../views';
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

/** Cancels the listed quotes of a draft (see `draftOf`); pending previews end with it. */
function cancel(pkg: QuotePackage, quoteIds: readonly string[], timestamp: string): void {
  for (const quote of pkg.quotes) {
    if (!quoteIds.includes(quote.id)) continue;
    quote.status = 'CANCELLED';
    quote.cancelledAt = timestamp;
    quote.updatedAt = timestamp;
  }
  if (pkg.quotes.every((quote) => quote.status === 'CANCELLED')) pkg.status = 'CANCELLED';
  pkg.cancellations = undefined;
  pkg.updatedAt = timestamp;
}

/**
 * POST bookings/{id}/cancel: cancels the booking (or the listed quotes) at once, or with
 * `{"preview": true}` answers as if cancelled (status CANCELLED, as recorded) with a `cancellation_id` to
 * confirm before `confirm_before`, leaving the booking as it is.
 */
export function cancelBooking(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  requireStatus(pkg, ['CONFIRMED', 'PENDING_PAYMENT']);
  const fields = body(request);
  const live = pkg.quotes.filter((quote) => quote.status !== 'CANCELLED').map((quote) => quote.id);
  const listed = (fields.quotes as { id: string }[] | undefined)?.map(({ id }) => id);
  const unknown = (listed ?? []).filter((id) => !live.includes(id));
  if (unknown.length > 0)
    throw refuse(
      'XCOVER_QUOTE_NOT_IN_PACKAGE',
      unknown.map((id) => `Quote ${id} can not be cancelled in this booking.`),
    );
  const quoteIds = listed ?? live;

  if (fields.preview === true) {
    const hours = Number(request.settings.cancellationConfirmHours);
    const pending: PendingCancellation = {
      id: newCancellationId(),
      quoteIds,
      confirmBefore: recordTimestamp(addSeconds(request.now, hours * 3600)),
      reason: fields.reason_for_cancellation as string | undefined,
    };
    pkg.cancellations = new Map(pkg.cancellations).set(pending.id, pending);
    return commit(request, pkg, { status: 200, body: cancellationView(pkg, pending, quoteIds) });
  }
  cancel(pkg, quoteIds, stamp(request));
  return commit(request, pkg, { status: 200, body: cancellationView(pkg, undefined, quoteIds) });
}

/** POST bookings/{id}/confirm_cancellation/{cancellation_id}/: carries out a previewed cancellation. */
export function confirmCancellation(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  const pending = pkg.cancellations?.get(request.params.cancellation_id ?? '');
  if (!pending) throw notFound('XCOVER_CANCELLATION_NOT_FOUND');
  requireStatus(pkg, ['CONFIRMED', 'PENDING_PAYMENT']);
  if (Date.parse(pending.confirmBefore) < request.now.getTime()) {
    throw refuse('XCOVER_CANCELLATION_EXPIRED', [
      `The cancellation ${pending.id} expired at ${pending.confirmBefore}.`,
    ]);
  }
  cancel(pkg, pending.quoteIds, stamp(request));
  return commit(request, pkg, { status: 200, body: cancellationView(pkg, undefined, pending.quoteIds) });
}
