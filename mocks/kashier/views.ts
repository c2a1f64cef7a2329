import { buildOrderHash } from '../../src/kashier/order-hash';
import { transactionRecord } from './gateway';
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

/** Who the merchant is, as order details and invoices show it. */
export interface MerchantView {
  readonly merchantId: string;
  readonly mode: Mode;
  readonly storeName: string;
  /** The sandbox's origin: its hosted pages stand for Kashier's. */
  readonly origin: string;
}

/**
 * An order as order details answer it [R Kashier's Postman collection]: the recorded fields, the payment
 * page's channel (`ext-default-hostedpaymentpage-<mode>`), each transaction with its acquirer record (see
 * ./gateway.ts). `orderReference`, `currency` and `creationDate` are the sandbox's additions (inferred: the
 * redirect and webhook carry them).
 */
export function orderView(order: Order, merchant: MerchantView) {
  const { mode } = merchant;
  const last = order.transactions.at(-1)?.creationDate ?? order.creationDate;
  return {
    _id: order._id,
    merchantId: merchant.merchantId,
    orderId: order.orderId,
    merchantOrderId: order.merchantOrderId,
    orderReference: order.orderReference,
    currency: order.currency,
    totalRefundedAmount: order.refunded,
    totalCapturedAmount: order.captured,
    totalAuthorizedAmount: order.amountText,
    method: 'card',
    sourceOfFunds: {
      cardInfo: order.card,
      '3DSecure': { processACSRedirectURL: `${checkoutBaseOf(merchant.origin, mode)}/challenge` },
    },
    paymentType: `ext-default-hostedpaymentpage-${mode}`,
    apiKeyId: mode === 'live' ? '000000000000000000000002' : '000000000000000000000001',
    apiKeyName: `default-hostedpaymentpage-${mode}`,
    paymentOrigin: `kashier-iframe-${mode}`,
    paymentChannel: 'online | e-commerce',
    paymentAgreement: '',
    ...(order.metaData !== undefined ? { metaData: order.metaData } : {}),
    transactions: order.transactions.map((transaction) => transactionRecord(order, transaction)),
    provider: 'mpgs',
    status: order.status,
    lastModifiedDate: last,
    date: order.creationDate,
    creationDate: order.creationDate,
    order: {
      amount: order.amountText,
      currency: order.currency,
      ...(order.callbackURL !== undefined ? { callbackURL: order.callbackURL } : {}),
    },
    merchantDetails: {
      storeName: merchant.storeName,
      merchantId: merchant.merchantId,
      businessIndustry: 'other',
      MCC: '0000',
    },
    __v: 0,
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
