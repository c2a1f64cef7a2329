import { buildOrderHash } from './order-hash';
import { checkOrderHash } from './order-hash-check';

const KEYS = { paymentApiKey: 'pay-test', secretKey: 'a$b', otherModePaymentApiKey: 'pay-live' };
const INPUT = { merchantId: 'MID-1-2', orderId: 'ORD-1', amount: '600.00', currency: 'EGP' };

describe('checkOrderHash', () => {
  it('accepts the hash made with the mode’s payment API key', () => {
    expect(checkOrderHash(INPUT, buildOrderHash(INPUT, 'pay-test'), KEYS)).toMatchObject({ ok: true });
  });

  it.each([
    ['KASHIER_ORDER_HASH_SECRET_KEY', buildOrderHash(INPUT, 'a$b')],
    ['KASHIER_ORDER_HASH_WRONG_MODE', buildOrderHash(INPUT, 'pay-live')],
    ['KASHIER_ORDER_HASH_AMOUNT_FORMAT', buildOrderHash({ ...INPUT, amount: '600' }, 'pay-test')],
    ['KASHIER_ORDER_HASH_MISMATCH', buildOrderHash({ ...INPUT, orderId: 'ORD-2' }, 'pay-test')],
    ['KASHIER_ORDER_HASH_MISMATCH', 'not-a-hash'],
  ])('tells the mistake apart: %s', (reason, hash) => {
    const verdict = checkOrderHash(INPUT, hash, KEYS);
    expect(verdict).toMatchObject({ ok: false, reason });
    // Nothing expected leaks into the answer.
    expect(JSON.stringify(verdict)).not.toContain(buildOrderHash(INPUT, 'pay-test'));
  });

  it('names the amount spelling that was hashed', () => {
    const verdict = checkOrderHash(INPUT, buildOrderHash({ ...INPUT, amount: '600' }, 'pay-test'), KEYS);
    expect(verdict.ok === false && verdict.detail).toBe(
      'the hash is of the amount "600", the URL has "600.00"',
    );
  });
});
