import { createHmac } from 'node:crypto';
import {
  REDIRECT_PARAMETERS,
  redirectSigningString,
  signRedirectParameters,
  verifyRedirectSignature,
} from './redirect-signature';

const KEY = 'pay-test';
const PARAMS: [string, string][] = [
  ['paymentStatus', 'SUCCESS'],
  ['cardDataToken', 'tok'],
  ['maskedCard', '512345******0008'],
  ['merchantOrderId', 'ORD 1'],
  ['orderId', 'uuid'],
  ['cardBrand', 'Mastercard'],
  ['orderReference', 'TEST-ORD-1'],
  ['transactionId', 'TX-1'],
  ['amount', '600.00'],
  ['currency', 'EGP'],
  ['mode', 'test'],
];

describe('the redirect signature', () => {
  it('signs the parameters in the order received, values decoded, mode and signature left out', () => {
    expect(PARAMS.slice(0, 10).map(([name]) => name)).toEqual([...REDIRECT_PARAMETERS]);
    expect(redirectSigningString(PARAMS)).toBe(
      'paymentStatus=SUCCESS&cardDataToken=tok&maskedCard=512345******0008&merchantOrderId=ORD 1&orderId=uuid&cardBrand=Mastercard&orderReference=TEST-ORD-1&transactionId=TX-1&amount=600.00&currency=EGP',
    );
  });

  it('verifies what it signs, from a URL, a query string, pairs or an object', () => {
    const signature = signRedirectParameters(PARAMS, KEY);
    // Kashier's Node demo, hard-coded order: the same value.
    const demo = createHmac('sha256', KEY).update(redirectSigningString(PARAMS)).digest('hex');
    expect(signature).toBe(demo);
    const query = new URLSearchParams([...PARAMS, ['signature', signature]]);
    for (const form of [
      query,
      `?${query}`,
      `https://m.example/back?${query}`,
      [...query],
      Object.fromEntries(query),
    ]) {
      expect(verifyRedirectSignature(form, KEY)).toMatchObject({ ok: true });
    }
  });

  it('refuses a missing, repeated or wrong signature, and a reordered or changed parameter', () => {
    const signature = signRedirectParameters(PARAMS, KEY);
    expect(verifyRedirectSignature(PARAMS, KEY)).toMatchObject({
      reason: 'KASHIER_REDIRECT_SIGNATURE_MISSING',
    });
    const twice = [...PARAMS, ['signature', signature], ['signature', signature]] as [string, string][];
    expect(verifyRedirectSignature(twice, KEY)).toMatchObject({
      reason: 'KASHIER_REDIRECT_SIGNATURE_MISMATCH',
    });
    const changed = PARAMS.map(([n, v]) => [n, n === 'amount' ? '6000.00' : v] as [string, string]);
    expect(verifyRedirectSignature([...changed, ['signature', signature]], KEY)).toMatchObject({ ok: false });
    const reordered = [...PARAMS].reverse();
    expect(verifyRedirectSignature([...reordered, ['signature', signature]], KEY)).toMatchObject({
      ok: false,
    });
    expect(verifyRedirectSignature([...PARAMS, ['signature', signature]], 'other')).toMatchObject({
      ok: false,
    });
  });
});
