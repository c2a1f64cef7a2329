import { buildOrderHash } from '../../src/kashier/order-hash';
import type { Mode } from './modes';
import type { Order, PaymentRequestRecord, PaymentSession, SessionStatus } from './state';

/** The hosted page's host of a mode, on the sandbox. */
const checkoutBaseOf = (origin: string, mode: Mode): string =>
  `${origin}${mode === 'live' ? '/live/checkout' : '/checkout'}`;

/** Where a session's page is: the checkout host of its mode, as `sessionUrl` says. */
export function sessionUrlOf(origin: string, session: Pick<PaymentSession, 'id' | 'mode'>): string {
  return `${checkoutBaseOf(origin, session.mode)}/session/${session.id}?mode=${session.mode}`;
}

/**
 * An invoice's hosted payment link (inferred): the HPP URL of its mode, the invoice reference as the order id,
 * signed with the order hash as a merchant's own checkout URL is. It names no `merchantRedirect`: the page shows
 * the result itself.
 */
export function paymentLinkOf(
  origin: string,
  mode: Mode,
  invoice: PaymentRequestRecord,
  paymentApiKey: string,
): string {
  const order = {
    merchantId: invoice.merchantId,
    orderId: invoice.invoiceReferenceId,
    amount: amountText(invoice.totalAmount),
    currency: invoice.currency,
  };
  const query = new URLSearchParams({ ...order, hash: buildOrderHash(order, paymentApiKey), mode });
  return `${checkoutBaseOf(origin, mode)}?${query}`;
}

/** A session's status on the sandbox clock: an open session past `expireAt` reads EXPIRED. */
export function sessionStatusAt(session: PaymentSession, now: Date): SessionStatus {
  const open = session.status === 'CREATED' || session.status === 'OPENED';
  return open && session.expireAt !== undefined && Date.parse(session.expireAt) <= now.getTime()
    ? 'EXPIRED'
    : session.status;
}

export function sessionView(session: PaymentSession, origin: string, now: Date, status?: SessionStatus) {
  return {
    status: status ?? sessionStatusAt(session, now),
    _id: session.id,
    sessionUrl: sessionUrlOf(origin, session),
    merchantId: session.merchantId,
    mode: session.mode,
    createdAt: session.createdAt,
    ...(session.expireAt !== undefined ? { expireAt: session.expireAt } : {}),
    paymentParams: session.params,
  };
}

export function orderView(order: Order, merchantId: string, mode: Mode) {
  return {
    _id: order._id,
    merchantId,
    orderId: order.orderId,
    merchantOrderId: order.merchantOrderId,
    orderReference: order.orderReference,
    status: order.status,
    currency: order.currency,
    totalAuthorizedAmount: order.amountText,
    totalCapturedAmount: order.captured,
    totalRefundedAmount: order.refunded,
    method: 'card',
    paymentType: `ext-default-hostedpaymentpage-${mode}`,
    sourceOfFunds: { cardInfo: order.card },
    transactions: order.transactions,
    creationDate: order.creationDate,
  };
}

/** Amounts are compared in thousandths (Kashier amounts have at most three decimals), never as floats. */
export const thousandths = (amount: number): number => Math.round(amount * 1000);
export const fromThousandths = (value: number): number => value / 1000;

/** An amount as a checkout URL writes it: two decimals, three when the third is not zero (`110.00`, `9.125`). */
export function amountText(amount: number): string {
  const value = thousandths(amount);
  const fraction = String(value % 1000).padStart(3, '0');
  return `${Math.floor(value / 1000)}.${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}
