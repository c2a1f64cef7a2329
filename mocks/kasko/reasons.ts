import { refusals, type ReasonCatalogue } from '../runtime/reasons';

/** Codes of the KASKO mock (the runtime's own, `KASKO_KEY_REVOKED` among them, are added by the runtime). */
export const KASKO_REASONS = {
  KASKO_KEY_MISSING: {
    status: 401,
    meaning: 'The request has no `Authorization` header: the secret key was not sent.',
    fix: 'Send the secret key as the Basic user name with an empty password (`-u sk_test_...:`) or as `Authorization: Bearer sk_test_...`.',
  },
  KASKO_KEY_MALFORMED: {
    status: 401,
    meaning:
      '`Authorization` is sent more than once, is neither Basic nor Bearer, does not decode, or carries something that is not shaped as a secret key (`sk_test_...`; a public `pk_...` key sent as the secret one is malformed too).',
    fix: 'Send the secret key (`partner-sandbox credentials`), Basic-encoded as `<key>:` or after `Bearer `.',
  },
  KASKO_KEY_UNKNOWN: {
    status: 401,
    meaning: 'The secret key is well-formed but belongs to no account of the sandbox.',
    fix: 'Use `secretKey` or one of `otherSecretKeys` (`partner-sandbox credentials --json`).',
  },
  KASKO_LIVE_KEY: {
    status: 401,
    meaning:
      'The request carries a live key (`sk_live_...` or `pk_live_...`). Live keys never work against the sandbox, whatever else the request says.',
    fix: 'Use the sandbox’s test keys, and keep live keys out of test setups.',
  },
  KASKO_PUBLIC_KEY_MISSING: {
    status: 401,
    meaning: 'A quote request has no `key` query parameter (the public key).',
    fix: 'Add `?key=<publicKey>` (`pk_test_...`) to the quote request.',
  },
  KASKO_PUBLIC_KEY_UNKNOWN: {
    status: 401,
    meaning: 'The `key` query parameter is not the sandbox’s public key (or not shaped as one).',
    fix: 'Send `publicKey` from `partner-sandbox credentials` in `?key=`.',
  },
  KASKO_PUBLIC_KEY_NOT_ALLOWED: {
    status: 403,
    meaning:
      'Only the public key (`?key=`) was sent to an operation that needs the secret key: reading, changing, cancelling or reactivating a policy, reading a payment (Inferred: KASKO’s web app, which holds only the public key, never makes these calls).',
    fix: 'Make this call from your server with the secret key (`Authorization`); the public key alone may quote, create offers, pay, announce media and save leads.',
  },
  KASKO_PRODUCT_KEY_UNKNOWN: {
    status: 404,
    meaning: 'The quote’s `item_id` (the product key) is none of the products configured.',
    fix: 'Use `productKey` or one of the `otherProductKeys` settings.',
  },
  KASKO_MEDIA_TYPE_NOT_ACCEPTABLE: {
    status: 406,
    meaning:
      'An offer or policy request does not accept KASKO’s versioned media type (`Accept: application/vnd.kasko.v2+json`). Inferred: KASKO documents the header as required, not the answer without it.',
    fix: 'Send `Accept: application/vnd.kasko.v2+json` (the typed client does), or set `requireVersionedMediaType` to false.',
  },
  KASKO_QUOTE_DATA_INVALID: {
    status: 400,
    meaning: 'The older quote request’s `data` query parameter is not URL-encoded JSON of an object.',
    fix: 'Send `data=` + encodeURIComponent(JSON.stringify({...product fields})).',
  },
  KASKO_QUOTE_TOKEN_INVALID: {
    status: 400,
    meaning:
      'The quote token is not one this account was issued (never issued, forgotten on reset, or another account’s).',
    fix: 'Get a quote with the same secret key and use its `token`.',
  },
  KASKO_QUOTE_TOKEN_EXPIRED: {
    status: 400,
    meaning: 'The quote token’s lifetime (`quoteTtlSeconds`, on the sandbox clock) has passed.',
    fix: 'Get a fresh quote and create the offer with it.',
  },
  KASKO_POLICY_NOT_FOUND: {
    status: 404,
    meaning: 'No policy or offer with this id exists for the caller’s account.',
    fix: 'Use an id returned by `POST /policies` with the same secret key since the last reset.',
  },
  KASKO_PAYMENT_NOT_FOUND: {
    status: 404,
    meaning: 'No payment with this id exists for the caller’s account.',
    fix: 'Use an id returned by `POST /payments` with the same secret key since the last reset.',
  },
  KASKO_PAYMENT_TOKEN_INVALID: {
    status: 400,
    meaning: 'The payment `token` is not the payment token of the offer named by `policy_id`.',
    fix: 'Send the `payment_token` the offer was created with, together with that offer’s id.',
  },
  KASKO_PAYMENT_PROVIDER_MISMATCH: {
    status: 400,
    meaning:
      'The payment `provider` does not serve its `method` (e.g. `creditcard` with `paypal_direct`). Pairs: invoice/invoice, distributor/distributor, creditcard/stripe|stripe_intents, paypal/paypal|paypal_direct, card|sepa/stripe|adyen (Inferred beyond KASKO’s examples).',
    fix: 'Send the method and provider pair your product’s payment plan lists.',
  },
  KASKO_PAYMENT_INSTRUMENT_INVALID: {
    status: 400,
    meaning:
      'A `creditcard` payment without a known Stripe test instrument in `metadata.payment_method`, or a `paypal` payment without `metadata.payer_email` (Inferred fields).',
    fix: 'Send e.g. `"metadata": {"payment_method": "pm_card_visa"}` for a card, `{"payer_email": "buyer@example.com"}` for PayPal (docs/kasko.md lists the test instruments).',
  },
  KASKO_PAYMENT_DECLINED: {
    status: 402,
    meaning:
      'The test instrument declines, as Stripe’s decline test cards and a PayPal buyer named `declined` do (Inferred status). Nothing is stored; the offer can still be paid.',
    fix: 'Pay with an instrument that succeeds (`pm_card_visa`, any other PayPal buyer), or test your decline handling with this answer.',
  },
  KASKO_OFFER_ALREADY_PAID: {
    status: 409,
    meaning: 'The offer was paid already: an offer can be paid once.',
    fix: 'Read the policy: it is (or is about to be) `paid`. Create a new offer for a new policy.',
  },
  KASKO_POLICY_CANCELLED: {
    status: 409,
    meaning:
      'The policy is cancelled: it cannot be updated, cancelled again or paid (statuses inferred: 409 Conflict).',
    fix: 'Reactivate it first (`POST /policies/{id}/reactivate`), or leave it cancelled.',
  },
  KASKO_POLICY_NOT_CANCELLED: {
    status: 409,
    meaning: 'Only a cancelled policy can be reactivated (Inferred status: 409 Conflict).',
    fix: 'Check `status` first; reactivate only cancelled policies.',
  },
  KASKO_MEDIA_NOT_FOUND: {
    status: 404,
    meaning:
      'No media with this id was announced by the caller’s account (`POST /v2/media`) (Inferred: KASKO’s web-app mock checks nothing).',
    fix: 'Upload to the `id` that `POST /v2/media` answered, with a key of the same account, since the last reset.',
  },
  KASKO_MEDIA_ALREADY_UPLOADED: {
    status: 409,
    meaning:
      'The media’s bytes were uploaded already: a file is uploaded once (Inferred status: 409 Conflict).',
    fix: 'Announce a new media (`POST /v2/media`) for another file, and upload to its id.',
  },
  KASKO_DATASET_NOT_FOUND: {
    status: 404,
    meaning: 'No dataset with this id exists in the sandbox.',
    fix: 'Use a dataset id listed in docs/kasko.md (e.g. `dat_countries`).',
  },
  KASKO_DATASET_ITEM_NOT_FOUND: {
    status: 404,
    meaning: 'No dataset item with this id exists in the sandbox.',
    fix: 'Use an item id returned by the dataset items listing.',
  },
  KASKO_PAGINATION_INVALID: {
    status: 400,
    meaning:
      'A Data API query is inconsistent: `starting_after` and `ending_before` together, a cursor that names no item of the dataset, or `fields` that is not a JSON list of field names.',
    fix: 'Page with one cursor taken from the `Link` header, and send `fields` as e.g. `["name","code"]`.',
  },
} as const satisfies ReasonCatalogue;

export type KaskoReason = keyof typeof KASKO_REASONS;

export const refuse = refusals(KASKO_REASONS);
