import { createHmac } from 'node:crypto';
import { signWebhookData, verifyWebhookSignature, webhookSigningString } from './webhook-signature';

const KEY = 'pay-test';
const DATA = {
  merchantOrderId: 'ORD 1',
  amount: 600,
  currency: 'EGP',
  status: 'SUCCESS',
  note: "it's (ok)*!",
  extra: 'not signed',
  signatureKeys: ['status', 'merchantOrderId', 'currency', 'amount', 'note'],
};

describe('the webhook signature', () => {
  it('signs the named fields sorted, as query-string’s strict encoding writes them', () => {
    expect(webhookSigningString(DATA)).toBe(
      'amount=600&currency=EGP&merchantOrderId=ORD%201&note=it%27s%20%28ok%29%2A%21&status=SUCCESS',
    );
    expect(signWebhookData(DATA, KEY)).toBe(
      createHmac('sha256', KEY).update(webhookSigningString(DATA)).digest('hex'),
    );
  });

  it('writes null as the bare name, repeats array values and skips absent fields', () => {
    const data = { a: null, b: [1, 'x y'], signatureKeys: ['b', 'a', 'missing'] };
    expect(webhookSigningString(data)).toBe('a&b=1&b=x%20y');
  });

  it('verifies the raw body it signed and refuses any change', () => {
    const rawBody = Buffer.from(JSON.stringify({ event: 'pay', data: DATA }));
    const headers = { 'X-Kashier-Signature': signWebhookData(DATA, KEY) };
    expect(verifyWebhookSignature({ headers, rawBody }, KEY)).toMatchObject({ ok: true });
    const changed = Buffer.from(JSON.stringify({ event: 'pay', data: { ...DATA, amount: 6000 } }));
    expect(verifyWebhookSignature({ headers, rawBody: changed }, KEY)).toMatchObject({
      reason: 'KASHIER_WEBHOOK_SIGNATURE_MISMATCH',
    });
    // A field outside signatureKeys is not covered.
    const unsigned = Buffer.from(JSON.stringify({ event: 'pay', data: { ...DATA, extra: 'x' } }));
    expect(verifyWebhookSignature({ headers, rawBody: unsigned }, KEY)).toMatchObject({ ok: true });
    expect(verifyWebhookSignature({ headers: {}, rawBody }, KEY)).toMatchObject({
      reason: 'KASHIER_WEBHOOK_SIGNATURE_MISSING',
    });
    for (const body of ['not json', '{"data":{}}', 'null', '{"data":{"signatureKeys":[1]}}']) {
      expect(verifyWebhookSignature({ headers, rawBody: body }, KEY)).toMatchObject({
        reason: 'KASHIER_WEBHOOK_BODY_INVALID',
      });
    }
  });
});
