import { verifyRedirectSignature, verifyWebhookSignature } from '../../../src/kashier';
import {
  expectRejected,
  jsonOf,
  setClock,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../helpers/sandbox';
import {
  API_KEY,
  APPROVED_CARD,
  CHALLENGE_CARD,
  DECLINED_CARD,
  LIVE_API_KEY,
  SECRET,
  checkoutIdIn,
  checkoutPath,
  payForm,
  sessionBody,
  useKashierSandbox,
} from '../../helpers/kashier';

describe('Kashier hosted checkout', () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());
  const kashier = useKashierSandbox();
  const { call } = kashier;

  async function openPage(path: string): Promise<string> {
    const page = await fetch(`${kashier.k.url}${path}`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect({ status: page.status, html: html.slice(0, 0) }).toEqual({ status: 200, html: '' });
    return checkoutIdIn(html);
  }

  it('shows the page, pays with the approving card, redirects with a signed query and sends the signed webhook', async () => {
    const path = checkoutPath({ extra: { serverWebhook: `${receiver.url}/hook`, metaData: '{"cart":1}' } });
    const page = await fetch(`${kashier.k.url}${path}`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('id="order-summary"');
    expect(html).toContain(APPROVED_CARD);
    const paid = await payForm(kashier.k.url, '/checkout', checkoutIdIn(html), APPROVED_CARD);
    expect(paid.status).toBe(302);
    const location = new URL(paid.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('https://merchant.example/back');
    expect([...location.searchParams.keys()]).toEqual([
      'paymentStatus',
      'cardDataToken',
      'maskedCard',
      'merchantOrderId',
      'orderId',
      'cardBrand',
      'orderReference',
      'transactionId',
      'amount',
      'currency',
      'mode',
      'signature',
    ]);
    expect(location.searchParams.get('paymentStatus')).toBe('SUCCESS');
    expect(verifyRedirectSignature(location.search, API_KEY)).toMatchObject({ ok: true });
    const [delivery] = await receiver.waitFor(1);
    expect(
      verifyWebhookSignature({ headers: delivery!.headers, rawBody: delivery!.rawBody }, API_KEY),
    ).toMatchObject({ ok: true });
    const event = JSON.parse(delivery!.rawBody.toString()) as {
      event: string;
      data: Record<string, unknown>;
    };
    expect(event).toMatchObject({
      event: 'pay',
      data: { merchantOrderId: 'ORD-1001', status: 'SUCCESS', metaData: '{"cart":1}' },
    });
    // The order, its refunds (v3 and the older spelling) and their limits.
    const order = await jsonOf<{
      response: { orderId: string; status: string; transactions: { transactionId: string }[] };
    }>(await call('GET', '/payments/orders/ORD-1001'));
    expect(order.response.status).toBe('CAPTURED');
    const tx = order.response.transactions[0]!.transactionId;
    const partial = await call('PUT', `/fep/v3/orders/${order.response.orderId}`, {
      apiOperation: 'REFUND',
      reason: 'r',
      transaction: { amount: 100, targetTransactionId: tx },
    });
    expect(await jsonOf(partial)).toMatchObject({
      status: 'SUCCESS',
      response: { payload: { order: { status: 'PARTIALLY_REFUNDED', totalRefundedAmount: 100 } } },
    });
    const unknownTx = await call('PUT', `/fep/v3/orders/ORD-1001`, {
      apiOperation: 'REFUND',
      transaction: { amount: 1, targetTransactionId: 'TX-0' },
    });
    await expectRejected(unknownTx, 404, 'KASHIER_TRANSACTION_NOT_FOUND');
    const tooMuch = await call(
      'PUT',
      `/orders/${order.response.orderId}/transactions/${tx}?operation=refund`,
      { amount: '500.01' },
    );
    await expectRejected(tooMuch, 400, 'KASHIER_REFUND_EXCEEDS_CAPTURED');
    // Kashier's SDK sends the path's ids in the body too: accepted when they agree, refused otherwise.
    const olderRoute = `/orders/${order.response.orderId}/transactions/${tx}?operation=refund`;
    await expectRejected(
      await call('PUT', olderRoute, { orderId: 'another', transactionId: tx, amount: '1' }),
      400,
      'KASHIER_REFUND_BODY_MISMATCH',
    );
    const rest = await call('PUT', olderRoute, {
      orderId: order.response.orderId,
      transactionId: tx,
      amount: '500',
    });
    expect(await jsonOf(rest)).toMatchObject({
      status: 'SUCCESS',
      response: {
        status: 'SUCCESS',
        gatewayCode: 'APPROVED',
        amount: 500,
        operation: 'refund',
        cardOrderId: order.response.orderId,
        payload: { order: { status: 'REFUNDED', totalRefundedAmount: 600 } },
      },
      messages: { en: 'Congratulations! Your refund was successful' },
    });
    const again = await call('PUT', `/fep/v3/orders/ORD-1001`, {
      apiOperation: 'REFUND',
      transaction: { amount: 1 },
    });
    await expectRejected(again, 400, 'KASHIER_REFUND_NOT_ALLOWED');
    const refundHooks = await receiver.waitFor(3);
    expect(refundHooks.slice(1).map((hook) => JSON.parse(hook.rawBody.toString()).event)).toEqual([
      'refund',
      'refund',
    ]);
    // The order is paid: the page is closed for it.
    await expectRejected(await fetch(`${kashier.k.url}${path}`), 409, 'KASHIER_CHECKOUT_CLOSED');
  });

  it('serves the demos’ kashier-checkout.js on both checkout hosts, without a key', async () => {
    for (const base of ['/checkout', '/live/checkout']) {
      const script = await fetch(`${kashier.k.url}${base}/kashier-checkout.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      const text = await script.text();
      expect(text).toContain("document.getElementById('kashier-iFrame')");
      expect(text).toContain('"orderId":"data-orderid"');
    }
  });

  it('shows each order-hash mistake with its reason on the page, and stores nothing', async () => {
    const cases: [string, string, number][] = [
      [checkoutPath({ key: 'wrong' }), 'KASHIER_ORDER_HASH_MISMATCH', 403],
      [checkoutPath({ key: SECRET }), 'KASHIER_ORDER_HASH_SECRET_KEY', 403],
      [checkoutPath({ hashedAmount: '600' }), 'KASHIER_ORDER_HASH_AMOUNT_FORMAT', 403],
      [checkoutPath({ key: LIVE_API_KEY }), 'KASHIER_ORDER_HASH_WRONG_MODE', 403],
      [checkoutPath({ extra: { mode: 'live' } }), 'KASHIER_CHECKOUT_MODE_MISMATCH', 400],
      [checkoutPath({ extra: { merchantId: 'MID-1-1' } }), 'KASHIER_MERCHANT_MISMATCH', 400],
      [checkoutPath({ currency: 'XYZ' }), 'KASHIER_QUERY_INVALID', 400],
      ['/checkout?merchantId=MID-3552-454', 'KASHIER_QUERY_INVALID', 400],
    ];
    for (const [path, reason, status] of cases) {
      const page = await fetch(`${kashier.k.url}${path}`);
      const html = await expectRejected<string>(page, status, reason);
      expect(html).toContain(`<span class="reason" id="reason">${reason}</span>`);
    }
    const amount = await (await fetch(`${kashier.k.url}${checkoutPath({ hashedAmount: '600' })}`)).text();
    expect(amount).toContain('the hash is of the amount &quot;600&quot;, the URL has &quot;600.00&quot;');
    expect(kashier.k.sandbox.state().test.checkouts.size).toBe(0);
  });

  it('serves the live page with the live key only, and refuses a revoked payment API key', async () => {
    await openPage(checkoutPath({ base: '/live/checkout', key: LIVE_API_KEY }));
    expect(kashier.k.sandbox.state().live.checkouts.size).toBe(1);
    await fetch(`${kashier.k.url}/__sandbox/keys/revoke`, {
      method: 'POST',
      body: JSON.stringify({ key: API_KEY }),
    });
    await expectRejected(await fetch(`${kashier.k.url}${checkoutPath()}`), 401, 'KASHIER_KEY_REVOKED');
  });

  it('declines, retries on the page without failureRedirect, and posts back a failure with it', async () => {
    const checkout = await openPage(checkoutPath({ orderId: 'ORD-D' }));
    const declined = await payForm(kashier.k.url, '/checkout', checkout, DECLINED_CARD);
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('The payment was declined');
    const unknownCard = await payForm(kashier.k.url, '/checkout', checkout, '4111111111111111');
    await expectRejected(unknownCard, 400, 'KASHIER_TEST_CARD_UNKNOWN');
    const posting = await openPage(
      checkoutPath({ orderId: 'ORD-P', extra: { failureRedirect: 'true', redirectMethod: 'post' } }),
    );
    const form = await (await payForm(kashier.k.url, '/checkout', posting, DECLINED_CARD)).text();
    expect(form).toContain('<form id="redirect-form" method="post" action="https://merchant.example/back">');
    expect(form).toContain('name="paymentStatus" value="FAILURE"');
    await expectRejected(
      await payForm(kashier.k.url, '/checkout', posting, APPROVED_CARD),
      409,
      'KASHIER_CHECKOUT_CLOSED',
    );
    await expectRejected(
      await payForm(kashier.k.url, '/checkout', 'chk_000000000000000000000000', APPROVED_CARD),
      404,
      'KASHIER_CHECKOUT_NOT_FOUND',
    );
    const order = await jsonOf<{ response: { status: string } }>(await call('GET', '/payments/orders/ORD-P'));
    expect(order.response.status).toBe('FAILED');
    const refund = await call('PUT', '/fep/v3/orders/ORD-P', {
      apiOperation: 'REFUND',
      transaction: { amount: 1 },
    });
    await expectRejected(refund, 400, 'KASHIER_REFUND_NOT_ALLOWED');
  });

  it('runs the 3-D Secure challenge: the right code pays, a wrong one fails, none pending is refused', async () => {
    const post = (checkout: string, otp: string) =>
      fetch(`${kashier.k.url}/checkout/challenge`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ checkout, otp }).toString(),
      });
    const checkout = await openPage(checkoutPath({ orderId: 'ORD-3DS' }));
    await expectRejected(await post(checkout, '1234'), 409, 'KASHIER_CHECKOUT_CLOSED');
    const challenge = await payForm(kashier.k.url, '/checkout', checkout, CHALLENGE_CARD);
    expect(await challenge.text()).toContain('id="challenge-form"');
    const passed = await post(checkout, '1234');
    expect(passed.status).toBe(302);
    expect(new URL(passed.headers.get('location') as string).searchParams.get('paymentStatus')).toBe(
      'SUCCESS',
    );
    const failing = await openPage(
      checkoutPath({ orderId: 'ORD-3DS-F', extra: { failureRedirect: 'true' } }),
    );
    await payForm(kashier.k.url, '/checkout', failing, CHALLENGE_CARD);
    const failed = await post(failing, '0000');
    expect(new URL(failed.headers.get('location') as string).searchParams.get('paymentStatus')).toBe(
      'FAILURE',
    );
  });

  it('leads payment sessions to the same page; the session shows its payment', async () => {
    const created = await call(
      'POST',
      '/v3/payment/sessions',
      sessionBody('ORD-S', { serverWebhook: `${receiver.url}/s` }),
      { apiKey: API_KEY },
    );
    const session = await jsonOf<{ _id: string; sessionUrl: string; status: string }>(created);
    expect(session.status).toBe('CREATED');
    await expectRejected(
      await call('GET', `/v3/payment/sessions/${session._id}/payment`),
      404,
      'KASHIER_SESSION_NOT_PAID',
    );
    const duplicate = await call('POST', '/v3/payment/sessions', sessionBody('ORD-S'), { apiKey: API_KEY });
    const body = await expectRejected<{ sessionUrl: string }>(
      duplicate,
      400,
      'KASHIER_SESSION_DUPLICATE_ORDER',
    );
    expect(body.sessionUrl).toBe(session.sessionUrl);
    const sessionPath = new URL(session.sessionUrl).pathname;
    const wrongMode = await fetch(`${kashier.k.url}${sessionPath}?mode=live`);
    await expectRejected(wrongMode, 400, 'KASHIER_CHECKOUT_MODE_MISMATCH');
    const checkout = await openPage(`${sessionPath}?mode=test`);
    expect((await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD)).status).toBe(302);
    const payment = await jsonOf(await call('GET', `/v3/payment/sessions/${session._id}/payment`));
    expect(payment).toMatchObject({ status: 'SUCCESS', merchantOrderId: 'ORD-S', amount: '450.00' });
    expect(await jsonOf(await call('GET', `/v3/payment/sessions/${session._id}`))).toMatchObject({
      status: 'PAID',
    });
    await expectRejected(await fetch(`${kashier.k.url}${sessionPath}`), 409, 'KASHIER_CHECKOUT_CLOSED');
    await receiver.waitFor(1);
    // The paid order cannot get a new session either.
    await expectRejected(
      await call('POST', '/v3/payment/sessions', sessionBody('ORD-S'), { apiKey: API_KEY }),
      400,
      'KASHIER_SESSION_DUPLICATE_ORDER',
    );
  });

  it('expires sessions on the sandbox clock', async () => {
    await setClock(kashier.k.url, { now: '2030-01-01T00:00:00Z' });
    const created = await call(
      'POST',
      '/v3/payment/sessions',
      sessionBody('ORD-E', { expireAt: '2030-01-01T01:00:00Z' }),
      { apiKey: API_KEY },
    );
    const session = await jsonOf<{ _id: string; sessionUrl: string }>(created);
    await setClock(kashier.k.url, { advanceSeconds: 7200 });
    expect(await jsonOf(await call('GET', `/v3/payment/sessions/${session._id}`))).toMatchObject({
      status: 'EXPIRED',
    });
    await expectRejected(
      await fetch(`${kashier.k.url}${new URL(session.sessionUrl).pathname}`),
      409,
      'KASHIER_CHECKOUT_CLOSED',
    );
    // An expired session frees its order id.
    expect(
      (await call('POST', '/v3/payment/sessions', sessionBody('ORD-E'), { apiKey: API_KEY })).status,
    ).toBe(201);
  });
});
