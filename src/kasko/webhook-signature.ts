import type { Verification } from '../shared/verification';
import { sameSecret } from '../shared/constant-time';
import { toHex } from '../shared/encoding';
import { getHeader, type HeaderBag } from '../shared/headers';
import { hmac } from '../shared/hmac';

/**
 * KASKO's webhook signature: `X-KASKO-Signature: sha1=<lower-case hex HMAC-SHA1 of the raw body>`, keyed
 * with the webhook secret (`whsec_...`), as KASKO's PHP sample computes it
 * (`'sha1=' . hash_hmac('sha1', $payload, $endpoint_secret)`).
 */
export const KASKO_SIGNATURE_HEADER = 'x-kasko-signature';
export const KASKO_EVENT_HEADER = 'x-kasko-event';
export const KASKO_DELIVERY_HEADER = 'x-kasko-delivery';

const SIGNATURE_SHAPE = /^sha1=[0-9a-f]{40}$/;

/** The `X-KASKO-Signature` value for these exact body bytes. */
export function signKaskoWebhook(rawBody: Uint8Array | string, webhookSecret: string): string {
  return `sha1=${toHex(hmac('sha1', webhookSecret, rawBody))}`;
}

export const KASKO_WEBHOOK_REASONS = {
  KASKO_WEBHOOK_SIGNATURE_MISSING: {
    message: 'Missing X-KASKO-Signature header.',
    meaning: 'The notification has no X-KASKO-Signature header.',
    fix: 'Refuse it: every KASKO notification is signed.',
  },
  KASKO_WEBHOOK_SIGNATURE_MALFORMED: {
    message: 'Malformed X-KASKO-Signature header.',
    meaning: 'The header is not `sha1=` followed by 40 lower-case hex digits.',
    fix: 'Refuse it; compare with `sha1=<hex HMAC-SHA1>` exactly.',
  },
  KASKO_WEBHOOK_SIGNATURE_MISMATCH: {
    message: 'X-KASKO-Signature does not match the body.',
    meaning:
      'The HMAC-SHA1 of the raw body with the webhook secret is not the one sent: another secret, or a body changed (re-serialised JSON counts).',
    fix: 'Verify over the exact bytes received, before parsing, with the webhook secret (`whsec_...`).',
  },
} as const;

export type KaskoWebhookReason = keyof typeof KASKO_WEBHOOK_REASONS;

export type KaskoWebhookVerification = Verification<
  KaskoWebhookReason,
  { readonly event?: string; readonly delivery?: string }
>;

/**
 * Checks a received notification: the signature over the exact raw body (never a re-serialised one), in
 * constant time. Pure; the expected signature never leaves it.
 */
export function verifyKaskoWebhook(
  request: { readonly headers: HeaderBag; readonly rawBody: Uint8Array | string },
  webhookSecret: string,
): KaskoWebhookVerification {
  const event = getHeader(request.headers, KASKO_EVENT_HEADER);
  const delivery = getHeader(request.headers, KASKO_DELIVERY_HEADER);
  const checked = {
    ...(event === undefined ? {} : { event }),
    ...(delivery === undefined ? {} : { delivery }),
  };
  const fail = (reason: KaskoWebhookReason, detail: string): KaskoWebhookVerification => ({
    ok: false,
    reason,
    message: KASKO_WEBHOOK_REASONS[reason].message,
    detail,
    checked,
  });
  const sent = getHeader(request.headers, KASKO_SIGNATURE_HEADER);
  if (sent === undefined || sent === '')
    return fail('KASKO_WEBHOOK_SIGNATURE_MISSING', 'no X-KASKO-Signature header');
  if (!SIGNATURE_SHAPE.test(sent)) {
    return fail('KASKO_WEBHOOK_SIGNATURE_MALFORMED', 'expected sha1= and 40 lower-case hex digits');
  }
  if (!sameSecret(sent, signKaskoWebhook(request.rawBody, webhookSecret))) {
    return fail('KASKO_WEBHOOK_SIGNATURE_MISMATCH', 'the HMAC-SHA1 of the raw body differs');
  }
  return { ok: true, checked };
}
