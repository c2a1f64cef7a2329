import { hmac } from '../shared/hmac';
import { toHex } from '../shared/encoding';

/** What the order hash of a checkout covers: the URL's own parameter strings. */
export interface OrderHashInput {
  readonly merchantId: string;
  /** The merchant's order id (`orderId` in the checkout URL). */
  readonly orderId: string;
  /** Exactly as written in the URL: `"600.00"` and `"600"` hash differently. */
  readonly amount: string;
  readonly currency: string;
  /** Saved-card checkouts only: appended as `.<shopperReference>`. */
  readonly shopperReference?: string;
}

/** The message Kashier's demos sign: `/?payment=<mid>.<orderId>.<amount>.<currency>[.<shopperReference>]`. */
export function orderHashMessage(input: OrderHashInput): string {
  const parts = [input.merchantId, input.orderId, input.amount, input.currency];
  if (input.shopperReference !== undefined) parts.push(input.shopperReference);
  return `/?payment=${parts.join('.')}`;
}

/** The order hash: lowercase hex HMAC-SHA256 of the message, keyed with the payment API key. */
export function buildOrderHash(input: OrderHashInput, paymentApiKey: string): string {
  return toHex(hmac('sha256', paymentApiKey, orderHashMessage(input)));
}
