import type { ReasonCatalogue } from '../runtime/reasons';
import { ORDER_HASH_REASONS, type OrderHashReason } from '../../src/kashier/reasons';

/** An order-hash refusal, shown on the page: 403 (inferred), meaning and fix from the verifier's catalogue. */
function pageRefusal(code: OrderHashReason) {
  const { meaning, fix } = ORDER_HASH_REASONS[code];
  return { status: 403, meaning, fix };
}

/** Codes of the Kashier mock (the runtime's own codes, KEY_REVOKED and PERMISSION_DENIED among them, are added by the runtime). */
export const KASHIER_HANDLER_REASONS = {
  KASHIER_KEY_MISSING: {
    status: 401,
    meaning: 'The request has no `Authorization` header.',
    fix: 'Send `Authorization: <secret key>`: the raw key, no scheme (`partner-sandbox credentials`).',
  },
  KASHIER_KEY_MALFORMED: {
    status: 401,
    meaning:
      'The `Authorization` header is empty, repeated, has a scheme before the key (`Bearer …`), or is not shaped as a secret key (`<hex>$<hex>`); a key without its `$…` half is usually a shell or `.env` file that expanded `$…` as a variable.',
    fix: 'Send the secret key as it is, no scheme; quote it where `$` would be expanded (single quotes in shells, escaped in `.env`).',
  },
  KASHIER_KEY_UNKNOWN: {
    status: 401,
    meaning: 'The secret key is shaped right but belongs to no account or team member of the sandbox.',
    fix: 'Use the `secretKey` of `partner-sandbox credentials`, or a member’s key from the config file.',
  },
  KASHIER_KEY_WRONG_MODE: {
    status: 401,
    meaning:
      'The key (secret key or payment API key) belongs to the other mode: a test key on a live host (`/live/…`) or a live key on a test host. Kashier keeps the modes apart.',
    fix: 'Use the test keys with `http://127.0.0.1:4013`, `/fep`, `/checkout`, and the live keys with `/live/…` only.',
  },
  KASHIER_API_KEY_MISSING: {
    status: 401,
    meaning:
      'Creating a payment session needs the payment API key in the `api-key` header as well as the secret key.',
    fix: 'Send `api-key: <paymentApiKey>` of the same mode.',
  },
  KASHIER_API_KEY_INVALID: {
    status: 401,
    meaning: 'The `api-key` header is empty, repeated, or not a payment API key of the sandbox.',
    fix: 'Send the `paymentApiKey` of `partner-sandbox credentials` (not the secret key).',
  },
  KASHIER_MERCHANT_MISMATCH: {
    status: 400,
    meaning: 'The `merchantId` of the request (body or checkout URL) is not the merchant the keys belong to.',
    fix: 'Use your own merchant id (`merchantId` in `partner-sandbox credentials`).',
  },
  KASHIER_SESSION_DUPLICATE_ORDER: {
    status: 400,
    meaning:
      'A payment session for this `order` is still open or already paid in this mode (seen live; the answer carries the earlier `sessionUrl`).',
    fix: 'Reuse the earlier session, or give the new attempt its own order id.',
  },
  KASHIER_REDIRECT_URL_REFUSED: {
    status: 400,
    meaning:
      '`merchantRedirect` points at localhost or a loopback address, which real Kashier refuses (`"merchantRedirect" must be a valid URL`); the sandbox does so only with the `rejectLocalRedirects` setting on. Also the page’s last check before it sends the shopper back: a redirect that is not an http(s) URL is never followed (validation refuses one when the session is created or the page opens, as `KASHIER_BODY_INVALID` / `KASHIER_QUERY_INVALID` with the same message).',
    fix: 'Use a public http(s) URL (a tunnel) against real Kashier; in the sandbox, leave `rejectLocalRedirects` off.',
  },
  KASHIER_SESSION_NOT_FOUND: {
    status: 404,
    meaning:
      'No payment session with this id exists in this mode (sessions of the other mode are not visible).',
    fix: 'Use the `_id` the session was created with, on the same mode’s host, since the last reset.',
  },
  KASHIER_SESSION_NOT_PAID: {
    status: 404,
    meaning: 'The session exists but no payment was attempted through it yet (inferred answer).',
    fix: 'Open its `sessionUrl` and pay first; poll again after the redirect or the webhook.',
  },
  KASHIER_ORDER_NOT_FOUND: {
    status: 404,
    meaning: 'No order with this id exists in this mode (orders of the other mode are not visible).',
    fix: 'Use the merchant order id (or Kashier’s order id, for refunds) of a payment made in this mode.',
  },
  KASHIER_TRANSACTION_NOT_FOUND: {
    status: 404,
    meaning: 'The order has no payment transaction with this id.',
    fix: 'Use the `transactionId` of the order’s `pay` transaction (see the order, the redirect or the webhook).',
  },
  KASHIER_REFUND_NOT_ALLOWED: {
    status: 400,
    meaning: 'The order was never paid (its payment failed) or is already fully refunded.',
    fix: 'Refund only paid orders, within what is left to refund.',
  },
  KASHIER_REFUND_EXCEEDS_CAPTURED: {
    status: 400,
    meaning:
      'The refund, added to earlier refunds, would exceed the captured amount (documented: a refund cannot exceed the original).',
    fix: 'Refund at most `totalCapturedAmount - totalRefundedAmount`.',
  },
  KASHIER_AMOUNT_PRECISION: {
    status: 400,
    meaning:
      'An amount (a refund, a session, a checkout URL, an invoice) has more decimals than its currency’s minor unit: `0.0004` EGP is less than a piastre and `1.005` is not a whole number of them. Refused with Joi’s precision message (**Inferred**: Kashier validates with Joi), before anything changes; a refund never rounds to 0.',
    fix: 'Send amounts in whole minor units of the currency: at most 2 decimals for EGP, USD, EUR and GBP.',
  },
  KASHIER_REFUND_BODY_MISMATCH: {
    status: 400,
    meaning:
      'The older refund route’s body names another `orderId` or `transactionId` than its URL (Kashier’s SDK sends both in the body too; inferred check).',
    fix: 'Send the same order id and transaction id in the body as in the URL, or leave them out of the body.',
  },
  KASHIER_INVOICE_DUPLICATE: {
    status: 400,
    meaning:
      'A payment request with this `invoiceReferenceId` exists already in this mode, or the batch repeats one (inferred).',
    fix: 'Give every invoice its own reference id.',
  },
  KASHIER_INVOICE_NOT_FOUND: {
    status: 404,
    meaning:
      'No payment request with this `paymentRequestId` exists in this mode, or a bulk share’s `_id` is not that invoice’s (inferred wording).',
    fix: 'Use the `paymentRequestId` (and `_id`) the create answered, on the same mode’s host, since the last reset.',
  },
  KASHIER_INVOICE_NOT_DRAFT: {
    status: 400,
    meaning:
      'Only a payment request in `draft` state can be deleted [R collection: “The invoice must have draft state”].',
    fix: 'Cancel a submitted invoice instead (`PUT …?operation=edit` with `state: cancelled`).',
  },
  KASHIER_INVOICE_STATUS_CONFLICT: {
    status: 400,
    meaning: 'A paid payment request cannot be cancelled, nor a cancelled one marked paid (inferred).',
    fix: 'Read the invoice first; refund its payment instead of cancelling a paid invoice.',
  },
  KASHIER_INVOICE_CHECKOUT_MISMATCH: {
    status: 400,
    meaning:
      'The checkout’s `orderId` is the `invoiceReferenceId` of an invoice in this mode, but its amount or currency is not the invoice’s; a payment of it would close the invoice’s link without paying the invoice (inferred check).',
    fix: 'Open the invoice’s `paymentLink` as created, or give the checkout an order id of its own.',
  },
  KASHIER_MERCHANT_REDIRECT_MISSING: {
    status: 400,
    meaning:
      'A checkout URL has no `merchantRedirect`; only an invoice’s `paymentLink` may leave it out (its page shows the result itself).',
    fix: 'Add `merchantRedirect=<your return URL>` to the checkout URL (Kashier’s demos always send it).',
  },
  KASHIER_ORDER_HASH_MISMATCH: pageRefusal('KASHIER_ORDER_HASH_MISMATCH'),
  KASHIER_ORDER_HASH_SECRET_KEY: pageRefusal('KASHIER_ORDER_HASH_SECRET_KEY'),
  KASHIER_ORDER_HASH_AMOUNT_FORMAT: pageRefusal('KASHIER_ORDER_HASH_AMOUNT_FORMAT'),
  KASHIER_ORDER_HASH_WRONG_MODE: pageRefusal('KASHIER_ORDER_HASH_WRONG_MODE'),
  KASHIER_CHECKOUT_MODE_MISMATCH: {
    status: 400,
    meaning:
      'The checkout URL’s `mode` is not the mode of the host it was opened on (`/checkout` is test, `/live/checkout` live).',
    fix: 'Send `mode=test` to `/checkout` and `mode=live` to `/live/checkout`.',
  },
  KASHIER_CHECKOUT_NOT_FOUND: {
    status: 404,
    meaning: 'The page’s form names a checkout the sandbox does not know (a reset, or a made-up id).',
    fix: 'Open the checkout URL again and pay from the page it shows.',
  },
  KASHIER_CHECKOUT_CLOSED: {
    status: 409,
    meaning:
      'The checkout cannot take a payment: the order is already paid in this mode, the session expired or is finished, or no 3-D Secure challenge is pending.',
    fix: 'Start a new checkout (a new order id, or a new session).',
  },
  KASHIER_TEST_CARD_UNKNOWN: {
    status: 400,
    meaning:
      'The card number is not one of the sandbox’s test cards (listed on the page); no real card is ever charged.',
    fix: 'Use 5123450000000008 (approved), 4000000000000002 (declined) or 4508750015741019 (3-D Secure).',
  },
} as const satisfies ReasonCatalogue;

export type KashierReason = keyof typeof KASHIER_HANDLER_REASONS;

export const KASHIER_REASONS: ReasonCatalogue = KASHIER_HANDLER_REASONS;
