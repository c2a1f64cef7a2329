import { refusalOf } from '../shared/verification';
import { sameSecret } from '../shared/constant-time';
import { toHex } from '../shared/encoding';
import { getHeader, type HeaderBag } from '../shared/headers';
import { hmac } from '../shared/hmac';
import { CALLBACK_REASONS, type CallbackReason, type KashierVerification } from './reasons';

/** The header carrying a webhook's signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-kashier-signature';

/** A webhook's `data`: the payment or refund, and the names of the fields the signature covers. */
export interface KashierWebhookData {
  readonly signatureKeys: readonly string[];
  readonly [field: string]: unknown;
}

/** Percent-encoding as the npm `query-string` package's strict mode: RFC 3986, so `!'()*` are encoded too. */
function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** One field as `query-string@7` writes it: arrays repeat the name, null is the bare name, undefined nothing. */
function encodeField(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (value === null) return [strictEncode(name)];
  if (Array.isArray(value)) return value.flatMap((item: unknown) => encodeField(name, item));
  return [`${strictEncode(name)}=${strictEncode(String(value))}`];
}

/**
 * The signed string of Kashier's reference implementation: `signatureKeys` sorted (UTF-16 code-unit order), the
 * fields of `data` they name (those present), written as `query-string` does (keys sorted, strict encoding).
 */
export function webhookSigningString(data: KashierWebhookData): string {
  const names = [...new Set(data.signatureKeys)].sort();
  return names
    .filter((name) => Object.hasOwn(data, name))
    .flatMap((name) => encodeField(name, data[name]))
    .join('&');
}

/** The `x-kashier-signature`: lowercase hex HMAC-SHA256 of the signed string, keyed with the payment API key. */
export function signWebhookData(data: KashierWebhookData, paymentApiKey: string): string {
  return toHex(hmac('sha256', paymentApiKey, webhookSigningString(data)));
}

/** The `data` of a webhook body, or undefined when the body is not a Kashier event. */
function webhookDataOf(rawBody: Uint8Array | string): KashierWebhookData | undefined {
  try {
    const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
    const data = (JSON.parse(text) as { data?: unknown } | null)?.data as Record<string, unknown> | undefined;
    const keys = data?.signatureKeys;
    if (typeof data !== 'object' || data === null || !Array.isArray(keys)) return undefined;
    return keys.every((key) => typeof key === 'string') ? (data as KashierWebhookData) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a received webhook (headers and raw body as received) in constant time. */
export function verifyWebhookSignature(
  request: { readonly headers: HeaderBag; readonly rawBody: Uint8Array | string },
  paymentApiKey: string,
): KashierVerification<CallbackReason> {
  const signature = getHeader(request.headers, WEBHOOK_SIGNATURE_HEADER);
  const data = webhookDataOf(request.rawBody);
  const checked = { signatureKeys: data ? [...data.signatureKeys].sort() : undefined };
  const refused = refusalOf(CALLBACK_REASONS, checked);
  if (signature === undefined || signature === '')
    return refused('KASHIER_WEBHOOK_SIGNATURE_MISSING', 'no x-kashier-signature header');
  if (!data) return refused('KASHIER_WEBHOOK_BODY_INVALID', 'the body has no data.signatureKeys list');
  if (!sameSecret(signature, signWebhookData(data, paymentApiKey)))
    return refused('KASHIER_WEBHOOK_SIGNATURE_MISMATCH', 'the signature is not that of the signed fields');
  return { ok: true, checked };
}
