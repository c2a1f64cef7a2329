/** Text encodings of signatures and digests: lower-case hex and standard RFC 4648 base64 (never URL-safe). */

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const BASE64_SHAPE = /^[A-Za-z0-9+/]*={0,2}$/;

export type Base64Decoding =
  | { ok: true; bytes: Buffer }
  /** `shape`: not whole 4-character groups of the standard alphabet with `=` only at the end; `padding`: non-zero padding bits. */
  | { ok: false; problem: 'shape' | 'padding' };

/**
 * Strict decode of padded RFC 4648 base64, so that one value has one spelling: where `Buffer.from(text, 'base64')`
 * silently skips or guesses, this says what is wrong.
 */
export function fromBase64(text: string): Base64Decoding {
  if (text.length % 4 !== 0 || !BASE64_SHAPE.test(text)) return { ok: false, problem: 'shape' };
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? { ok: true, bytes } : { ok: false, problem: 'padding' };
}
