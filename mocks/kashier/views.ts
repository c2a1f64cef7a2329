import type { Mode } from './modes';
import type { Order, PaymentSession, SessionStatus } from './state';

/** Where a session's page is: the checkout host of its mode, as `sessionUrl` says. */
export function sessionUrlOf(origin: string, session: Pick<PaymentSession, 'id' | 'mode'>): string {
  const base = session.mode === 'live' ? '/live/checkout' : '/checkout';
  return `${origin}${base}/session/${session.id}?mode=${session.mode}`;
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
