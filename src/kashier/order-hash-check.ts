import { refusalOf } from '../shared/verification';
import { sameSecret } from '../shared/constant-time';
import { otherAmountSpellings } from './amount-spellings';
import { buildOrderHash, type OrderHashInput } from './order-hash';
import { ORDER_HASH_REASONS, type KashierVerification, type OrderHashReason } from './reasons';

/** The keys an order hash is checked with: the mode's payment API key, and the keys of common mistakes. */
export interface OrderHashKeys {
  readonly paymentApiKey: string;
  /** The account's secret key of the mode: a hash made with it is a known mistake. */
  readonly secretKey?: string;
  /** The other mode's payment API key: a hash made with it is the wrong mode. */
  readonly otherModePaymentApiKey?: string;
}

/**
 * Checks a checkout URL's `hash` and, when it is wrong, tells the common mistakes apart: the secret key used as
 * the HMAC key, the other mode's payment API key, the amount hashed in another spelling than the URL's. Every
 * comparison is constant time; nothing expected is put in the answer.
 */
export function checkOrderHash(
  input: OrderHashInput,
  hash: string,
  keys: OrderHashKeys,
): KashierVerification<OrderHashReason> {
  const checked = {
    message: `/?payment=${input.merchantId}.${input.orderId}.${input.amount}.${input.currency}`,
  };
  const matches = (key: string | undefined, amount = input.amount) =>
    key !== undefined && sameSecret(hash, buildOrderHash({ ...input, amount }, key));
  if (matches(keys.paymentApiKey)) return { ok: true, checked };
  const refused = refusalOf(ORDER_HASH_REASONS, checked);
  if (matches(keys.secretKey)) return refused('KASHIER_ORDER_HASH_SECRET_KEY', 'keyed with the secret key');
  if (matches(keys.otherModePaymentApiKey))
    return refused('KASHIER_ORDER_HASH_WRONG_MODE', 'keyed with the other mode’s payment API key');
  const hashedAmount = otherAmountSpellings(input.amount).find((amount) =>
    matches(keys.paymentApiKey, amount),
  );
  if (hashedAmount !== undefined) {
    return refused(
      'KASHIER_ORDER_HASH_AMOUNT_FORMAT',
      `the hash is of the amount "${hashedAmount}", the URL has "${input.amount}"`,
    );
  }
  return refused('KASHIER_ORDER_HASH_MISMATCH', 'no key and no spelling of the amount gives this hash');
}
