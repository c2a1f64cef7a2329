import { signBodyHmac } from './body-signer';
import { verifyEnsuroNotification } from './notification';

const BODY = Buffer.from('{"type":"policy/creation","policy":{"ensuro_id":"1"}}');

describe('verifyEnsuroNotification', () => {
  it('accepts the HMAC of the exact body and refuses anything else', () => {
    const headers = { 'X-Ensuro-Signature': signBodyHmac(BODY, 'secret') };
    expect(verifyEnsuroNotification({ headers, rawBody: BODY }, 'secret').ok).toBe(true);
    expect(
      verifyEnsuroNotification({ headers, rawBody: Buffer.from(String(BODY).replace('1', '2')) }, 'secret'),
    ).toMatchObject({
      ok: false,
      reason: 'ENSURO_HMAC_MISMATCH',
    });
    expect(verifyEnsuroNotification({ headers: {}, rawBody: BODY }, 'secret')).toMatchObject({
      ok: false,
      reason: 'ENSURO_SIGNATURE_MISSING',
    });
  });
});
