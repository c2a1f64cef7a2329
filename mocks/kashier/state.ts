import { ByteBudgetMap, estimateBytes, type BudgetLimits } from '../runtime/byte-budget';
import type { Settings } from '../runtime/provider';
import type { Mode } from './modes';
import { stateBytesOf } from '../runtime/common-settings';

export type SessionStatus = 'CREATED' | 'OPENED' | 'PAID' | 'FAILED' | 'EXPIRED';

export interface PaymentSession {
  readonly id: string;
  readonly mode: Mode;
  readonly merchantId: string;
  /** The request as created: `paymentParams` of the answers. */
  readonly params: Readonly<Record<string, unknown>>;
  status: Exclude<SessionStatus, 'EXPIRED'>;
  readonly createdAt: string;
  readonly expireAt: string | undefined;
  /** The merchant order id of the order its payment made. */
  paidOrder: string | undefined;
}

export interface Card {
  readonly maskedCard: string;
  readonly cardBrand: string;
  readonly cardHolderName: string;
  readonly cardDataToken: string;
  /** SHA-256 of the card number, hex [R order details]. */
  readonly cardHash: string;
  readonly ccvToken: string;
  readonly expiryMonth: string;
  readonly expiryYear: string;
}

export interface Transaction {
  readonly _id: string;
  readonly transactionId: string;
  readonly operation: 'pay' | 'refund';
  readonly status: 'SUCCESS' | 'FAILURE';
  readonly amount: number;
  readonly reason?: string;
  readonly creationDate: string;
}

export interface Order {
  readonly _id: string;
  /** Kashier's order id (UUID). */
  readonly orderId: string;
  readonly merchantOrderId: string;
  readonly orderReference: string;
  /** `CAPTURED` once paid [R order details]; `FAILED` when its payment failed (inferred). */
  status: 'CAPTURED' | 'FAILED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
  readonly currency: string;
  /** The amount string of the checkout, as hashed. */
  readonly amountText: string;
  captured: number;
  refunded: number;
  card: Card;
  transactions: Transaction[];
  readonly creationDate: string;
  /** Where its notifications go (the checkout's or session's `serverWebhook`). */
  readonly serverWebhook: string | undefined;
  /** The checkout's `merchantRedirect` (`order.callbackURL` of order details). */
  readonly callbackURL: string | undefined;
  /** The checkout's `metaData`, as order details echo it (an object; a non-JSON string is kept as it came). */
  readonly metaData: unknown;
}

/** A payment page opened with a valid hash or session, until it is paid (or fails for good). */
export interface Checkout {
  readonly id: string;
  readonly mode: Mode;
  readonly merchantOrderId: string;
  readonly amount: string;
  readonly currency: string;
  /** None only on an invoice's link: the page then shows the result itself. */
  readonly merchantRedirect: string | undefined;
  readonly redirectMethod: 'get' | 'post';
  readonly failureRedirect: boolean;
  readonly serverWebhook: string | undefined;
  readonly display: 'en' | 'ar';
  readonly brandColor: string | undefined;
  readonly metaData: string | undefined;
  readonly sessionId: string | undefined;
  /** The invoice (by reference id) this checkout pays: its order id, amount and currency are the invoice's. */
  readonly paymentRequest: string | undefined;
  status: 'open' | 'challenge' | 'done';
  /** The card waiting for its 3-D Secure code. */
  challengeCard: Card | undefined;
}

export interface PaymentRequestRecord {
  readonly _id: string;
  readonly invoiceReferenceId: string;
  readonly merchantId: string;
  readonly customerName: string;
  readonly totalAmount: number;
  readonly currency: string;
  /** `paid` once its link's page took a payment (inferred). */
  state: 'submitted' | 'draft' | 'paid';
  readonly dueDate?: string;
  readonly createdAt: string;
}

/** One mode's objects: nothing of one mode is visible from the other. */
export interface ModeState {
  readonly sessions: ByteBudgetMap<string, PaymentSession>;
  /** By merchant order id. */
  readonly orders: ByteBudgetMap<string, Order>;
  readonly checkouts: ByteBudgetMap<string, Checkout>;
  /** By invoice reference id. */
  readonly paymentRequests: ByteBudgetMap<string, PaymentRequestRecord>;
}

export type KashierState = Readonly<Record<Mode, ModeState>>;

function modeState(): ModeState {
  return {
    sessions: new ByteBudgetMap<string, PaymentSession>(estimateBytes),
    orders: new ByteBudgetMap<string, Order>(estimateBytes),
    checkouts: new ByteBudgetMap<string, Checkout>(estimateBytes),
    paymentRequests: new ByteBudgetMap<string, PaymentRequestRecord>(estimateBytes),
  };
}

export function createKashierState(): KashierState {
  return { test: modeState(), live: modeState() };
}

/** Eight maps (four per mode) share the byte budget: each gets an eighth; past it the oldest are forgotten. */
export function stateLimits(settings: Settings): BudgetLimits {
  return { maxBytes: stateBytesOf(settings, 8) };
}
