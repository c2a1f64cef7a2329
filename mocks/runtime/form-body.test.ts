import fc from 'fast-check';
import { parseFormBody } from './form-body';

describe('parseFormBody', () => {
  it('reads fields, decoding + and percent escapes, repeated names as lists', () => {
    const parsed = parseFormBody(Buffer.from('card=4111+1111&name=J%C3%BCrgen&tag=a&tag=b'));
    expect(parsed).toEqual({ ok: true, value: { card: '4111 1111', name: 'Jürgen', tag: ['a', 'b'] } });
  });

  it('reads an empty body as no fields', () => {
    expect(parseFormBody(Buffer.alloc(0))).toEqual({ ok: true, value: {} });
  });

  it('keeps __proto__ as a plain field', () => {
    const parsed = parseFormBody(Buffer.from('__proto__=x&constructor=y'));
    expect(parsed.ok && Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(parsed.ok && Object.keys(parsed.value)).toEqual(['__proto__', 'constructor']);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parseFormBody(Buffer.from([0x61, 0x3d, 0xff]))).toMatchObject({ ok: false });
  });

  it('reads back what URLSearchParams writes (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (fields) => {
        const raw = Buffer.from(new URLSearchParams(fields).toString());
        expect(parseFormBody(raw)).toEqual({ ok: true, value: { ...fields } });
      }),
    );
  });
});
