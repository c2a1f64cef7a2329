import { createHmac } from 'node:crypto';
import { HMAC_DIGEST_BYTES, hmac, type HmacHash } from './hmac';

const HASHES = Object.keys(HMAC_DIGEST_BYTES) as HmacHash[];

describe('hmac', () => {
  it.each(HASHES)('%s is HMAC keyed with the UTF-8 secret, of the digest length listed', (hash) => {
    const expected = createHmac(hash, Buffer.from('sécret', 'utf8')).update('date: x ✓', 'utf8').digest();
    expect(hmac(hash, 'sécret', 'date: x ✓').equals(expected)).toBe(true);
    expect(expected.length).toBe(HMAC_DIGEST_BYTES[hash]);
  });

  it('takes bytes as they are (an exact request body)', () => {
    const body = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    const key = Buffer.from('0a0b', 'hex');
    expect(hmac('sha256', key, body).equals(createHmac('sha256', key).update(body).digest())).toBe(true);
  });

  it('hands out a fresh buffer: changing one result does not change the next', () => {
    const first = hmac('sha1', 'k', 'm');
    first.fill(0);
    expect(hmac('sha1', 'k', 'm').equals(createHmac('sha1', 'k').update('m').digest())).toBe(true);
  });
});
