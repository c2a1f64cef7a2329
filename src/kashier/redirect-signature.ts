import { refusalOf } from '../shared/verification';
import { sameSecret } from '../shared/constant-time';
import { toHex } from '../shared/encoding';
import { hmac } from '../shared/hmac';
import { CALLBACK_REASONS, type CallbackReason, type KashierVerification } from './reasons';

/**
 * The parameters Kashier appends to `merchantRedirect`, in the order its Node demo reads them; `mode` and
 * `signature` follow. Emitting them in this order satisfies both official verifiers: the Node demo's fixed list
 * and the PHP demo's "every parameter in the order received".
 */
export const REDIRECT_PARAMETERS = [
  'paymentStatus',
  'cardDataToken',
  'maskedCard',
  'merchantOrderId',
  'orderId',
  'cardBrand',
  'orderReference',
  'transactionId',
  'amount',
  'currency',
] as const;

/** Left out of the signed string, as Kashier's demos do. */
const UNSIGNED = new Set(['signature', 'mode']);

/**
 * The redirect's parameters in the order received: a query string (`?` optional) or a whole URL, a
 * `URLSearchParams`, name/value pairs, or an object (a framework's parsed query or form, whose keys keep the
 * order received).
 */
export type RedirectParameters =
  URLSearchParams | string | Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

function entriesOf(parameters: RedirectParameters): [string, string][] {
  if (typeof parameters === 'string') {
    const query = /^[a-z][a-z0-9+.-]*:/i.test(parameters) ? new URL(parameters).search : parameters;
    return [...new URLSearchParams(query)];
  }
  if (parameters instanceof URLSearchParams) return [...parameters];
  if (Symbol.iterator in parameters)
    return [...(parameters as Iterable<readonly [string, string]>)].map(([name, value]) => [name, value]);
  return Object.entries(parameters as Readonly<Record<string, string>>);
}

/** The signed string: `name=value` pairs in the order received, joined with `&`, values decoded, `signature` and `mode` left out. */
export function redirectSigningString(parameters: RedirectParameters): string {
  return entriesOf(parameters)
    .filter(([name]) => !UNSIGNED.has(name))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The redirect `signature`: lowercase hex HMAC-SHA256 of the signed string, keyed with the payment API key. */
export function signRedirectParameters(parameters: RedirectParameters, paymentApiKey: string): string {
  return toHex(hmac('sha256', paymentApiKey, redirectSigningString(parameters)));
}

/** Checks the `signature` of a redirect to `merchantRedirect` (query or form, as received), in constant time. */
export function verifyRedirectSignature(
  parameters: RedirectParameters,
  paymentApiKey: string,
): KashierVerification<CallbackReason> {
  const entries = entriesOf(parameters);
  const signatures = entries.filter(([name]) => name === 'signature');
  const checked = { parameters: entries.filter(([name]) => !UNSIGNED.has(name)).map(([name]) => name) };
  const refused = refusalOf(CALLBACK_REASONS, checked);
  if (signatures.length !== 1) {
    return signatures.length === 0
      ? refused('KASHIER_REDIRECT_SIGNATURE_MISSING', 'no signature parameter')
      : refused('KASHIER_REDIRECT_SIGNATURE_MISMATCH', 'the signature parameter is repeated');
  }
  const [, signature] = signatures[0] as [string, string];
  if (!sameSecret(signature, signRedirectParameters(entries, paymentApiKey)))
    return refused('KASHIER_REDIRECT_SIGNATURE_MISMATCH', 'the signature is not that of these parameters');
  return { ok: true, checked };
}
