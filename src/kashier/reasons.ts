import type { Verification } from '../shared/verification';
/**
 * Why a Kashier hash or signature is refused. `message` is shown to the shopper or the integrator (Kashier's page
 * says "Invalid hash"; the rest is the sandbox's wording); `meaning` and `fix` are for the documentation. The
 * order-hash reasons are answered by the sandbox's hosted page; the callback reasons are what an integrator's
 * verifier (`verifyRedirectSignature`, `verifyWebhookSignature`) reports.
 */
export interface KashierReasonInfo {
  readonly message: string;
  readonly meaning: string;
  readonly fix: string;
}

export const ORDER_HASH_REASONS = {
  KASHIER_ORDER_HASH_MISMATCH: {
    message: 'Invalid hash',
    meaning:
      'The `hash` of the checkout URL is not the lowercase hex HMAC-SHA256, keyed with the payment API key, of `/?payment=<merchantId>.<orderId>.<amount>.<currency>` (plus `.<shopperReference>` for a saved-card checkout) built from the URL’s own parameters.',
    fix: 'Build the hash with `buildOrderHash` from the very strings placed in the URL, keyed with the payment API key of the mode.',
  },
  KASHIER_ORDER_HASH_SECRET_KEY: {
    message: 'Invalid hash: it was made with the secret key, not a payment API key',
    meaning: 'The hash is right except for its key: it was made with the account’s secret key.',
    fix: 'Key the HMAC with the payment API key (`paymentApiKey`); the secret key only authenticates server calls.',
  },
  KASHIER_ORDER_HASH_AMOUNT_FORMAT: {
    message: 'Invalid hash: the amount was hashed in another format than the one in the URL',
    meaning:
      'The hash matches the same amount written differently (`600` hashed, `600.00` in the URL, or the reverse): Kashier hashes the amount string byte for byte.',
    fix: 'Hash the amount string exactly as it is written into the `amount` parameter.',
  },
  KASHIER_ORDER_HASH_WRONG_MODE: {
    message: 'Invalid hash: it was made with the payment API key of the other mode',
    meaning:
      'The hash was made with the live payment API key on the test page, or the test key on the live page.',
    fix: 'Use the payment API key of the mode the page runs in (`mode=test`: the test key).',
  },
} as const satisfies Readonly<Record<string, KashierReasonInfo>>;

export const CALLBACK_REASONS = {
  KASHIER_REDIRECT_SIGNATURE_MISSING: {
    message: 'The redirect carries no signature parameter',
    meaning:
      'The request to `merchantRedirect` has no `signature` (not a redirect from Kashier, or it was cut).',
    fix: 'Verify the query (GET) or the form (POST) exactly as received, all parameters included.',
  },
  KASHIER_REDIRECT_SIGNATURE_MISMATCH: {
    message: 'The redirect signature does not match',
    meaning:
      'The hex HMAC-SHA256, keyed with the payment API key, of the received parameters (`name=value` joined with `&`, in the order received, `signature` and `mode` left out) is not the `signature`.',
    fix: 'Keep the parameters in the order received and their values decoded; key with the payment API key of the mode.',
  },
  KASHIER_WEBHOOK_SIGNATURE_MISSING: {
    message: 'The webhook carries no x-kashier-signature header',
    meaning: 'The notification has no `x-kashier-signature` header.',
    fix: 'Read the header `x-kashier-signature` (any case) of the POST as received.',
  },
  KASHIER_WEBHOOK_BODY_INVALID: {
    message: 'The webhook body is not a Kashier event',
    meaning: 'The body is not JSON of the shape `{"event", "data": {…, "signatureKeys": [names]}}`.',
    fix: 'Pass the raw body bytes as received, before any framework re-serialises them.',
  },
  KASHIER_WEBHOOK_SIGNATURE_MISMATCH: {
    message: 'The webhook signature does not match',
    meaning:
      'The hex HMAC-SHA256, keyed with the payment API key, of the `data` fields named by the sorted `signatureKeys`, as a query string (keys sorted, strict RFC 3986 encoding), is not `x-kashier-signature`.',
    fix: 'Sort `signatureKeys`, pick those fields of `data`, encode them as `webhookSigningString` does, key with the payment API key.',
  },
} as const satisfies Readonly<Record<string, KashierReasonInfo>>;

export type OrderHashReason = keyof typeof ORDER_HASH_REASONS;
export type CallbackReason = keyof typeof CALLBACK_REASONS;

/** What every Kashier verifier answers: the shape of the project's verifiers (`checked` holds no secret). */
export type KashierVerification<Reason extends string> = Verification<Reason>;
