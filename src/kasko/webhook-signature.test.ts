import { createHmac } from 'node:crypto';
import { signKaskoWebhook, verifyKaskoWebhook } from './webhook-signature';

const SECRET = 'whsec_test';
const BODY = Buffer.from('{"id":"tpol_1","livemode":false}');

describe('KASKO webhook signature', () => {
  it('is sha1= and the hex HMAC-SHA1 of the raw body, as KASKO’s PHP sample computes it', () => {
    expect(signKaskoWebhook(BODY, SECRET)).toBe(
      `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`,
    );
  });

  it('accepts the signature of the exact body and refuses missing, malformed and wrong ones', () => {
    const headers = (signature?: string) => ({
      ...(signature === undefined ? {} : { 'X-KASKO-Signature': signature }),
      'X-KASKO-Event': 'policy.created',
      'X-KASKO-Delivery': '0'.repeat(32),
    });
    const signature = signKaskoWebhook(BODY, SECRET);
    expect(verifyKaskoWebhook({ headers: headers(signature), rawBody: BODY }, SECRET)).toEqual({
      ok: true,
      checked: { event: 'policy.created', delivery: '0'.repeat(32) },
    });
    const reason = (signature: string | undefined, body = BODY, secret = SECRET) => {
      const result = verifyKaskoWebhook({ headers: headers(signature), rawBody: body }, secret);
      return result.ok ? 'ok' : result.reason;
    };
    expect(reason(undefined)).toBe('KASKO_WEBHOOK_SIGNATURE_MISSING');
    expect(reason(signature.toUpperCase())).toBe('KASKO_WEBHOOK_SIGNATURE_MALFORMED');
    expect(reason(`sha256=${'0'.repeat(64)}`)).toBe('KASKO_WEBHOOK_SIGNATURE_MALFORMED');
    expect(reason(signature, Buffer.from(`${BODY.toString()} `))).toBe('KASKO_WEBHOOK_SIGNATURE_MISMATCH');
    expect(reason(signature, BODY, 'whsec_other')).toBe('KASKO_WEBHOOK_SIGNATURE_MISMATCH');
  });
});
