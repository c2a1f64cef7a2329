import fc from 'fast-check';
import { fromBase64, toBase64, toHex } from './encoding';

describe('toHex and toBase64', () => {
  it('encode exactly the bytes of a view, not its whole buffer', () => {
    const view = new Uint8Array([0xff, 0x00, 0xab, 0x10]).subarray(1, 3);
    expect(toHex(view)).toBe('00ab');
    expect(toBase64(view)).toBe('AKs=');
  });

  it('hex is lower case, base64 the standard alphabet with padding', () => {
    expect(toHex(Uint8Array.from([0xde, 0xad, 0xbe, 0xef]))).toBe('deadbeef');
    expect(toBase64(Uint8Array.from([0xfb, 0xff]))).toBe('+/8=');
  });
});

describe('fromBase64', () => {
  it('decodes what toBase64 encodes', () => {
    fc.assert(
      fc.property(fc.uint8Array(), (bytes) => {
        expect(fromBase64(toBase64(bytes))).toEqual({ ok: true, bytes: Buffer.from(bytes) });
      }),
    );
  });

  it.each([
    ['unpadded', 'AKs', 'shape'],
    ['URL-safe', '-_8=', 'shape'],
    ['padding inside', 'AA=A', 'shape'],
    ['whitespace', 'AK s=', 'shape'],
    ['non-zero padding bits', 'AKt=', 'padding'],
  ])('refuses %s base64', (_, text, problem) => {
    expect(fromBase64(text)).toEqual({ ok: false, problem });
  });
});
