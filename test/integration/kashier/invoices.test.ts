import { buildOrderHash, verifyWebhookSignature } from '../../../src/kashier';
import { expectRejected, jsonOf, startWebhookReceiver, type WebhookReceiver } from '../../helpers/sandbox';
import {
  API_KEY,
  APPROVED_CARD,
  DECLINED_CARD,
  LIVE_API_KEY,
  LIVE_SECRET,
  MID,
  checkoutIdIn,
  checkoutPath,
  invoiceBody,
  payForm,
  useKashierSandbox,
} from '../../helpers/kashier';

interface Created {
  response: { invoiceReferenceId: string; state: string; paymentLink: string }[];
}

describe('Kashier invoices: the payment link leads to the hosted page', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  const kashier = useKashierSandbox(() => ({ webhookUrl: `${receiver.url}/invoices` }));
  const { call } = kashier;

  const stateOf = (reference: string) =>
    kashier.k.sandbox.readState(
      (state) =>
        [...state.test.paymentRequests.values()].find((invoice) => invoice.invoiceReferenceId === reference)
          ?.paymentStatus,
    );

  it('pays an invoice on its link: a decline leaves it unpaid, the approved card pays it and notifies', async () => {
    const created = await jsonOf<Created>(
      await call('POST', '/paymentRequest?currency=EGP', [
        invoiceBody('INV-L', { totalAmount: 110.5, tax: 10.5 }),
      ]),
    );
    const link = new URL(created.response[0]!.paymentLink);
    expect(link.origin + link.pathname).toBe(`${kashier.k.url}/checkout`);
    const order = { merchantId: MID, orderId: 'INV-L', amount: '110.50', currency: 'EGP' };
    expect(Object.fromEntries(link.searchParams)).toEqual({
      ...order,
      hash: buildOrderHash(order, API_KEY),
      mode: 'test',
    });

    const page = await fetch(link);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<td id="amount">110.50 EGP</td>');
    expect(html).toContain('<td id="order-id">INV-L</td>');
    const checkout = checkoutIdIn(html);

    const declined = await payForm(kashier.k.url, '/checkout', checkout, DECLINED_CARD);
    expect(await declined.text()).toContain('The payment was declined');
    const [failure] = await receiver.waitFor(1);
    expect(JSON.parse(failure!.rawBody.toString())).toMatchObject({
      event: 'pay',
      data: { merchantOrderId: 'INV-L', status: 'FAILURE' },
    });
    expect(await stateOf('INV-L')).toBe('unpaid');

    const paid = await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD);
    const result = await paid.text();
    expect(paid.status).toBe(200);
    expect(result).toContain('<h1 id="result">Payment successful</h1>');
    expect(await stateOf('INV-L')).toBe('paid');
    const hooks = await receiver.waitFor(2);
    const delivery = hooks[1]!;
    expect(delivery.path).toBe('/invoices');
    expect(
      verifyWebhookSignature({ headers: delivery.headers, rawBody: delivery.rawBody }, API_KEY),
    ).toMatchObject({ ok: true });
    expect(JSON.parse(delivery.rawBody.toString())).toMatchObject({
      event: 'pay',
      data: { merchantOrderId: 'INV-L', status: 'SUCCESS', amount: 110.5, currency: 'EGP' },
    });
    const orderOf = await jsonOf<{ response: { status: string; totalCapturedAmount: number } }>(
      await call('GET', '/payments/orders/INV-L'),
    );
    expect(orderOf.response).toMatchObject({ status: 'CAPTURED', totalCapturedAmount: 110.5 });
    // Paid: the link is closed.
    await expectRejected(await fetch(link), 409, 'KASHIER_CHECKOUT_CLOSED');
  });

  it('gives live invoices a link to the live page, signed with the live key', async () => {
    const created = await jsonOf<Created>(
      await call('POST', '/live/paymentRequest?currency=USD', [invoiceBody('INV-LIVE')], {
        key: LIVE_SECRET,
      }),
    );
    const link = new URL(created.response[0]!.paymentLink);
    expect(link.pathname).toBe('/live/checkout');
    expect(link.searchParams.get('mode')).toBe('live');
    expect(link.searchParams.get('hash')).toBe(
      buildOrderHash(
        { merchantId: MID, orderId: 'INV-LIVE', amount: '110.00', currency: 'USD' },
        LIVE_API_KEY,
      ),
    );
    expect(await (await fetch(link)).text()).toContain('<td id="amount">110.00 USD</td>');
    expect(await kashier.k.sandbox.readState((state) => state.live.checkouts.size)).toBe(1);
  });

  it('refuses a checkout of an invoice’s order id at another amount, and a plain checkout without merchantRedirect', async () => {
    await call('POST', '/paymentRequest?currency=EGP', [invoiceBody('INV-M')]);
    const other = await fetch(`${kashier.k.url}${checkoutPath({ orderId: 'INV-M', amount: '100.00' })}`);
    await expectRejected(other, 400, 'KASHIER_INVOICE_CHECKOUT_MISMATCH');
    const currency = await fetch(
      `${kashier.k.url}${checkoutPath({ orderId: 'INV-M', amount: '110.00', currency: 'USD' })}`,
    );
    await expectRejected(currency, 400, 'KASHIER_INVOICE_CHECKOUT_MISMATCH');
    const plain = new URL(`${kashier.k.url}${checkoutPath({ orderId: 'ORD-NR' })}`);
    plain.searchParams.delete('merchantRedirect');
    await expectRejected(await fetch(plain), 400, 'KASHIER_MERCHANT_REDIRECT_MISSING');
    expect(await kashier.k.sandbox.readState((state) => state.test.checkouts.size)).toBe(0);
    // The invoice's own amount, spelled another way, is its checkout.
    const same = await fetch(`${kashier.k.url}${checkoutPath({ orderId: 'INV-M', amount: '110' })}`);
    expect(same.status).toBe(200);
  });
});
