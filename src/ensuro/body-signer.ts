import { hmac } from '../shared/hmac';
import { toHex } from '../shared/encoding';
import { bodyBytes, bodyDigestHex } from './body-digest';
import { signPersonalMessage } from './personal-sign';

export const EIP191_HEADER = 'X-EIP191-Signature';
export const HMAC_HEADER = 'X-Ensuro-Signature';

/** How policy calls are signed: EIP-191 with an authorized key (preferred), or HMAC with the shared secret. */
export type EnsuroBodySigning =
  | { readonly method: 'eip191'; readonly privateKey: string }
  | { readonly method: 'hmac'; readonly secret: string };

/**
 * `X-EIP191-Signature`: the EIP-191 personal-message signature of the body's hex SHA-256 text (64 ASCII
 * characters, no `0x`), as `0x` + r + s + v, what ethers' `signMessage(digestHex)` returns (deterministic: RFC 6979).
 */
export function signBodyEip191(body: string | Uint8Array, privateKey: string): string {
  return signPersonalMessage(bodyDigestHex(body), privateKey).signature.serialized;
}

/** `X-Ensuro-Signature`: the lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the secret (UTF-8). */
export function signBodyHmac(body: string | Uint8Array, secret: string): string {
  return toHex(hmac('sha256', secret, bodyBytes(body)));
}

/** The one header a policy call carries, for the chosen method. */
export function bodySignatureHeaders(
  body: string | Uint8Array,
  signing: EnsuroBodySigning,
): Record<string, string> {
  return signing.method === 'eip191'
    ? { [EIP191_HEADER]: signBodyEip191(body, signing.privateKey) }
    : { [HMAC_HEADER]: signBodyHmac(body, signing.secret) };
}
