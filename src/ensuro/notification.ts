import { getHeader, type HeaderBag } from '../shared/headers';
import { bodyDigestHex } from './body-digest';
import { HMAC_HEADER } from './body-signer';
import { verifyHmacSignature, type EnsuroBodyVerification } from './body-verifier';
import { ENSURO_SIGNATURE_REASONS } from './reasons';

/**
 * For integrators' webhook endpoints: an Ensuro notification is genuine when its `X-Ensuro-Signature` is the
 * lower-case hex HMAC-SHA256 of the exact body with the signing secret. Check the raw bytes, before parsing.
 */
export function verifyEnsuroNotification(
  request: { readonly headers: HeaderBag; readonly rawBody: Uint8Array },
  secret: string,
): EnsuroBodyVerification {
  const checked = { bodyBytes: request.rawBody.length, bodySha256: bodyDigestHex(request.rawBody) };
  const value = getHeader(request.headers, HMAC_HEADER);
  if (value === undefined) {
    const reason = 'ENSURO_SIGNATURE_MISSING';
    const detail = 'the notification carries no X-Ensuro-Signature';
    return { ok: false, reason, message: ENSURO_SIGNATURE_REASONS[reason].message, detail, checked };
  }
  return verifyHmacSignature(value, request.rawBody, secret, checked);
}
