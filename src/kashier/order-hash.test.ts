import { createHmac } from 'node:crypto';
import { buildOrderHash, orderHashMessage } from './order-hash';

const KEY = '1b9e3c5a-7d2f-4a8b-9c6e-0f3d5a7b9c1e';

describe('the order hash', () => {
  it('signs /?payment=<mid>.<orderId>.<amount>.<currency> as Kashier’s demos do', () => {
    const input = { merchantId: 'MID-3552-454', orderId: 'ORD-1001', amount: '600.00', currency: 'EGP' };
    expect(orderHashMessage(input)).toBe('/?payment=MID-3552-454.ORD-1001.600.00.EGP');
    // Kashier's Node demo: crypto.createHmac('sha256', secret).update(path).digest('hex').
    const demo = createHmac('sha256', KEY).update('/?payment=MID-3552-454.ORD-1001.600.00.EGP').digest('hex');
    expect(buildOrderHash(input, KEY)).toBe(demo);
    expect(buildOrderHash(input, KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('appends the shopper reference for saved-card checkouts', () => {
    const input = {
      merchantId: 'MID-1-2',
      orderId: 'O',
      amount: '20',
      currency: 'USD',
      shopperReference: 'S-9',
    };
    expect(orderHashMessage(input)).toBe('/?payment=MID-1-2.O.20.USD.S-9');
  });
});
