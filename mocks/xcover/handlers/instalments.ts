import type { HandlerResponse } from '../../runtime/provider';
import { instalmentsView } from '../instalments';
import { body, commit, draftOf, findPackage, refuse, requireStatus, type XCoverRequest } from './common';

interface InstalmentPayment {
  readonly id: string;
  readonly instalment_number: number;
  readonly payment_status: 'PAID' | 'FAILED';
  readonly payment_attempted_date?: string;
}

export function getInstalments(request: XCoverRequest): HandlerResponse {
  return { status: 200, body: instalmentsView(findPackage(request)) };
}

/** POST bookings/{id}/instalments/: the partner reports instalment payments (204); all checked first. */
export function updateInstalments(request: XCoverRequest): HandlerResponse {
  const pkg = draftOf(findPackage(request));
  // The draft's instalments are copies too: payments change them in place.
  for (const quote of pkg.quotes)
    quote.instalments = quote.instalments.map((instalment) => ({ ...instalment }));
  requireStatus(pkg, ['CONFIRMED']);
  const payments = body(request).quotes as InstalmentPayment[];
  const problems: string[] = [];
  const targets = payments.map((payment) => {
    const quote = pkg.quotes.find((candidate) => candidate.id === payment.id);
    const instalment = quote?.instalments.find((candidate) => candidate.number === payment.instalment_number);
    if (!quote || quote.instalments.length === 0)
      problems.push(`Quote ${payment.id} has no payment schedule.`);
    else if (!instalment)
      problems.push(`Quote ${payment.id} has no instalment number ${payment.instalment_number}.`);
    return { payment, instalment };
  });
  if (problems.length > 0) throw refuse('XCOVER_INSTALMENT_INVALID', problems);
  for (const { payment, instalment } of targets) {
    if (!instalment) continue;
    instalment.status = payment.payment_status;
    if (payment.payment_status === 'FAILED') {
      instalment.paymentFailures = [
        ...(instalment.paymentFailures ?? []),
        payment.payment_attempted_date ?? request.now.toISOString(),
      ];
    }
  }
  return commit(request, pkg, { status: 204 });
}
