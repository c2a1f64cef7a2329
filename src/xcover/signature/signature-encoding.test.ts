import { decodeSignature, encodeSignature } from './signature-encoding';

const BYTES = Buffer.from([0xfb, 0xff, 0xbf, 0x10]); // base64 "+/+/EA==" exercises + / and = padding

describe('encodeSignature', () => {
  it('percent-encodes standard base64', () => {
    expect(BYTES.toString('base64')).toBe('+/+/EA==');
    expect(encodeSignature(BYTES)).toBe('%2B%2F%2B%2FEA%3D%3D');
  });
});

describe('decodeSignature', () => {
  it('round-trips', () => {
    const decoded = decodeSignature(encodeSignature(BYTES));
    expect(decoded.ok && decoded.bytes.equals(BYTES)).toBe(true);
  });

  it('accepts lower-case and mixed-case escapes', () => {
    for (const value of ['%2b%2f%2b%2fEA%3d%3d', '%2B%2f%2b%2FEA%3d%3D']) {
      const decoded = decodeSignature(value);
      expect(decoded.ok && decoded.bytes.equals(BYTES)).toBe(true);
    }
  });

  it.each([
    ['URL-safe alphabet', '-_-_EA%3D%3D', 'URL-safe'],
    ['URL-safe without padding', '-_-_EA', 'URL-safe'],
    ['unencoded base64', '+/+/EA==', 'raw'],
    ['raw padding only', '%2B%2F%2B%2FEA==', 'raw'],
    ['foreign escape', '%41%2F%2B%2FEA%3D%3D', 'percent escape'],
    ['truncated escape', '%2B%2F%2B%2FEA%3D%3', 'percent escape'],
    ['double encoding', '%252B%2F%2B%2FEA%3D%3D', 'percent escape'],
    ['space', '%2B%2F %2B%2FEA%3D%3D', 'character'],
    ['missing padding', '%2B%2F%2B%2FEA', 'padded RFC 4648'],
    ['padding in the middle', 'AA%3D%3DAAAA', 'padded RFC 4648'],
    ['three padding chars', 'A%3D%3D%3D', 'padded RFC 4648'],
    ['non-canonical padding bits', '%2B%2F%2B%2FEB%3D%3D', 'canonical'],
    ['empty', '', 'signature is empty'],
  ])('rejects %s', (_label, value, hint) => {
    const decoded = decodeSignature(value);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.detail).toContain(hint);
      expect(decoded.detail).not.toContain(value || '\u0000');
    }
  });
});
