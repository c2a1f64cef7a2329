/**
 * The `signature=` value: standard RFC 4648 base64 (alphabet `+` `/`, `=` padding — never URL-safe) of the raw
 * HMAC, then percent-encoded as encodeURIComponent does (`+` → %2B, `/` → %2F, `=` → %3D).
 */

import { fromBase64, toBase64 } from '../../shared/encoding';

const ESCAPES: Readonly<Record<string, string>> = { '2B': '+', '2F': '/', '3D': '=' };
const ALNUM = /^[A-Za-z0-9]$/;
const PERCENT_ENCODED_BASE64 = /^(?:[A-Za-z0-9]|%2[BbFf]|%3[Dd])+$/;

/** Encode raw HMAC bytes the way XCover expects them in the Authorization header. */
export function encodeSignature(bytes: Uint8Array): string {
  return encodeURIComponent(toBase64(bytes));
}

export type DecodedSignature = { ok: true; bytes: Buffer } | { ok: false; detail: string };

/**
 * Strictly decode a received `signature=` value. Escapes are matched case-insensitively (%2b is accepted, as Tyk
 * accepts lower-case escapes). The detail never contains the value itself.
 */
export function decodeSignature(value: string): DecodedSignature {
  // The common case in one pass; anything else is diagnosed below.
  const base64 = PERCENT_ENCODED_BASE64.test(value)
    ? value.replace(/%2B/gi, '+').replace(/%2F/gi, '/').replace(/%3D/gi, '=')
    : diagnose(value);
  if (typeof base64 !== 'string') return base64;
  const decoded = fromBase64(base64);
  if (decoded.ok) return decoded;
  return decoded.problem === 'shape'
    ? {
        ok: false,
        detail:
          'signature is not padded RFC 4648 base64 once percent-decoded (whole 4-character groups, "=" only at the end)',
      }
    : { ok: false, detail: 'signature is not canonical base64 (non-zero padding bits)' };
}

/** Why a value is not percent-encoded base64, as precisely as it can be told (never quoting the value). */
function diagnose(value: string): DecodedSignature {
  if (value.length === 0) return { ok: false, detail: 'signature is empty' };
  if (/[-_]/.test(value)) {
    return {
      ok: false,
      detail:
        'signature contains "-" or "_": that is the URL-safe base64 alphabet; XCover requires standard RFC 4648 ' +
        'base64 (+ / =) which is then percent-encoded',
    };
  }
  if (/[+/=]/.test(value)) {
    return {
      ok: false,
      detail:
        'signature contains a raw "+", "/" or "=": the base64 must be percent-encoded (encodeURIComponent) so they ' +
        'become %2B, %2F and %3D',
    };
  }
  for (let i = 0; i < value.length; i += 1) {
    const ch = value.charAt(i);
    if (ch === '%') {
      if (ESCAPES[value.slice(i + 1, i + 3).toUpperCase()] === undefined) {
        return {
          ok: false,
          detail: `signature has a percent escape at offset ${i} other than %2B, %2F or %3D`,
        };
      }
      i += 2;
    } else if (!ALNUM.test(ch)) {
      return {
        ok: false,
        detail: `signature has a character at offset ${i} that is not part of percent-encoded base64`,
      };
    }
  }
  return { ok: false, detail: 'signature is not percent-encoded base64' };
}
