import { createHmac } from 'node:crypto';
import { computeHmac, digestLength, isXCoverAlgorithm, XCOVER_ALGORITHMS } from './algorithms';

describe('algorithms', () => {
  it('lists exactly the four documented HMAC algorithms', () => {
    expect(XCOVER_ALGORITHMS).toEqual(['hmac-sha1', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512']);
    expect(Object.isFrozen(XCOVER_ALGORITHMS)).toBe(true);
  });

  it('matches algorithm names exactly', () => {
    expect(isXCoverAlgorithm('hmac-sha512')).toBe(true);
    for (const name of ['HMAC-SHA512', 'hmac-sha224', 'sha512', 'rsa-sha256', ' hmac-sha512', 42]) {
      expect(isXCoverAlgorithm(name)).toBe(false);
    }
  });

  it.each([
    ['hmac-sha1', 'sha1', 20],
    ['hmac-sha256', 'sha256', 32],
    ['hmac-sha384', 'sha384', 48],
    ['hmac-sha512', 'sha512', 64],
  ] as const)('%s is HMAC-%s keyed with the UTF-8 secret', (algorithm, hash, bytes) => {
    const expected = createHmac(hash, Buffer.from('sécret', 'utf8')).update('date: x ✓', 'utf8').digest();
    expect(computeHmac(algorithm, 'sécret', 'date: x ✓').equals(expected)).toBe(true);
    expect(digestLength(algorithm)).toBe(bytes);
    expect(expected.length).toBe(bytes);
  });
});
