import { XCOVER_AUTH_REASON_ORDER, XCOVER_AUTH_REASONS } from './reasons';

describe('XCOVER_AUTH_REASONS', () => {
  it('lists the reason codes in check order', () => {
    expect(XCOVER_AUTH_REASON_ORDER).toEqual([
      'XCOVER_AUTH_MISSING',
      'XCOVER_AUTH_MALFORMED',
      'XCOVER_ALGORITHM_UNSUPPORTED',
      'XCOVER_KEY_UNKNOWN',
      'XCOVER_API_KEY_MISSING',
      'XCOVER_API_KEY_MISMATCH',
      'XCOVER_DATE_MISSING',
      'XCOVER_DATE_MALFORMED',
      'XCOVER_DATE_STALE',
      'XCOVER_DATE_FUTURE',
      'XCOVER_SIGNED_HEADERS_INVALID',
      'XCOVER_SIGNATURE_ENCODING',
      'XCOVER_SIGNATURE_MISMATCH',
    ]);
  });

  it('gives every reason status 401 and non-empty texts', () => {
    for (const info of Object.values(XCOVER_AUTH_REASONS)) {
      expect(info.status).toBe(401);
      expect(info.message.length).toBeGreaterThan(0);
      expect(info.meaning.length).toBeGreaterThan(0);
      expect(info.fix.length).toBeGreaterThan(0);
    }
  });

  it('uses the XCover-documented text for signature failures', () => {
    expect(XCOVER_AUTH_REASONS.XCOVER_SIGNATURE_ENCODING.message).toBe('Signature string does not match!');
    expect(XCOVER_AUTH_REASONS.XCOVER_SIGNATURE_MISMATCH.message).toBe('Signature string does not match!');
  });
});
