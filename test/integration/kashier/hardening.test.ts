/**
 * Regression tests over real HTTP for issue 17's findings on the Kashier mock: redirect and webhook URLs are
 * http(s) only and refused when the session is created or the page opens (2); an expired session cannot be
 * paid through a page opened before it expired, by card or by 3-D Secure (3); an amount below the currency's
 * minor unit is refused (10).
 */
import type { Checkout } from '../../../mocks/kashier/state';
import { expectRejected, jsonOf, journal, setClock, webhookDeliveries } from '../../helpers/sandbox';
import {
  API_KEY,
  APPROVED_CARD,
  CHALLENGE_CARD,
  MID,
  checkoutIdIn,
  checkoutPath,
  payForm,
  sessionBody,
  useKashierSandbox,
} from '../../helpers/kashier';

const SCRIPT = 'javascript:alert(document.domain)';
const BAD_PORT = 'http://merchant.example:99999/r';

interface Failure {
  readonly status: string;
  readonly error: { readonly cause: string; readonly details?: string[] };
}

describe('Kashier: redirect and webhook URLs (issue 17, finding 2)', () => {
  const kashier = useKashierSandbox();
  const { call } = kashier;
  const createSession = (extra: Record<string, unknown>) =>
    call('POST', '/v3/payment/sessions', sessionBody('ORD-URL', extra), { apiKey: API_KEY });

  it.each([
    ['merchantRedirect', SCRIPT],
    ['merchantRedirect', BAD_PORT],
    ['merchantRedirect', 'java\tscript:alert(1)'],
    ['serverWebhook', SCRIPT],
    ['serverWebhook', 'http://merchant.example:0/hook'],
  ])('refuses a session whose %s is %j, with Kashier’s "must be a valid URL"', async (field, url) => {
    const body = await expectRejected<Failure>(
      await createSession({ [field]: url }),
      400,
      'KASHIER_BODY_INVALID',
    );
    expect(body).toMatchObject({
      status: 'FAILURE',
      error: { cause: `"${field}" must be a valid URL` },
      messages: { en: `"${field}" must be a valid URL` },
    });
    expect(kashier.k.sandbox.state().test.sessions.size).toBe(0);
  });

  it.each([
    ['merchantRedirect', SCRIPT],
    ['merchantRedirect', BAD_PORT],
    ['serverWebhook', SCRIPT],
  ])('refuses a hosted page whose %s is %j when it opens, on the page', async (field, url) => {
    const path = checkoutPath({ extra: { [field]: url, redirectMethod: 'post' } });
    const page = await fetch(`${kashier.k.url}${path}`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect({ status: page.status, reason: page.headers.get('x-sandbox-reason') }).toEqual({
      status: 400,
      reason: 'KASHIER_QUERY_INVALID',
    });
    expect(html).toContain(`&quot;${field}&quot; must be a valid URL`);
    expect(html).not.toContain('<form');
    expect(kashier.k.sandbox.state().test.checkouts.size).toBe(0);
  });

  it('never posts a form to a redirect it did not validate, and changes nothing', async () => {
    const path = checkoutPath({ orderId: 'ORD-DID', extra: { redirectMethod: 'post' } });
    const checkout = checkoutIdIn(await (await fetch(`${kashier.k.url}${path}`)).text());
    // A checkout made without validation (as a provider state could): its redirect is a script.
    Object.assign(kashier.k.sandbox.state().test.checkouts.get(checkout) as Checkout, {
      merchantRedirect: SCRIPT,
    });
    const paid = await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD);
    const html = await paid.text();
    expect({ status: paid.status, reason: paid.headers.get('x-sandbox-reason') }).toEqual({
      status: 400,
      reason: 'KASHIER_REDIRECT_URL_REFUSED',
    });
    expect(html).not.toMatch(/<form|<script/);
    expect(kashier.k.sandbox.state().test.orders.size).toBe(0);
  });

  it('posts the redirect form to the URL as parsed, escaped', async () => {
    const merchantRedirect = 'https://merchant.example/back?next="><script>x</script>';
    const path = checkoutPath({ orderId: 'ORD-ESC', merchantRedirect, extra: { redirectMethod: 'post' } });
    const checkout = checkoutIdIn(await (await fetch(`${kashier.k.url}${path}`)).text());
    const html = await (await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD)).text();
    expect(html).toContain('action="https://merchant.example/back?next=%22%3E%3Cscript%3Ex%3C/script%3E"');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('Kashier: an expired session cannot be paid (issue 17, finding 3)', () => {
  const kashier = useKashierSandbox({ webhookUrl: 'http://127.0.0.1:9/hook' });
  const { call } = kashier;

  /** A session that expires in an hour, its page opened while it was open. */
  async function openedSession(order: string): Promise<{ id: string; checkout: string }> {
    await setClock(kashier.k.url, { now: '2030-01-01T00:00:00Z' });
    const created = await call(
      'POST',
      '/v3/payment/sessions',
      sessionBody(order, { expireAt: '2030-01-01T01:00:00Z' }),
      { apiKey: API_KEY },
    );
    const session = await jsonOf<{ _id: string; sessionUrl: string }>(created);
    const page = await fetch(`${kashier.k.url}${new URL(session.sessionUrl).pathname}`);
    expect(page.status).toBe(200);
    return { id: session._id, checkout: checkoutIdIn(await page.text()) };
  }

  async function expectNothingPaid(id: string, order: string): Promise<void> {
    const session = await jsonOf<{ status: string }>(await call('GET', `/v3/payment/sessions/${id}`));
    expect(session.status).toBe('EXPIRED');
    expect(kashier.k.sandbox.state().test.orders.get(order)).toBeUndefined();
    expect(await webhookDeliveries(kashier.k.url)).toEqual([]);
  }

  it('refuses the card form posted after the session expired', async () => {
    const { id, checkout } = await openedSession('ORD-EXP-CARD');
    await setClock(kashier.k.url, { advanceSeconds: 7200 });
    const paid = await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD);
    await expectRejected(paid, 409, 'KASHIER_CHECKOUT_CLOSED');
    const [entry] = (await journal(kashier.k.url)).slice(-1);
    expect(entry?.response.body).toContain('This session is expired');
    await expectNothingPaid(id, 'ORD-EXP-CARD');
  });

  it('refuses the 3-D Secure answer given after the session expired', async () => {
    const { id, checkout } = await openedSession('ORD-EXP-3DS');
    const challenge = await payForm(kashier.k.url, '/checkout', checkout, CHALLENGE_CARD);
    expect(await challenge.text()).toContain('id="challenge-form"');
    await setClock(kashier.k.url, { advanceSeconds: 7200 });
    const answered = await fetch(`${kashier.k.url}/checkout/challenge`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ checkout, otp: '1234' }).toString(),
    });
    await expectRejected(answered, 409, 'KASHIER_CHECKOUT_CLOSED');
    await expectNothingPaid(id, 'ORD-EXP-3DS');
  });

  it('refuses the 3-D Secure answer of an order paid meanwhile on another page', async () => {
    await setClock(kashier.k.url, { now: '2030-01-01T00:00:00Z' });
    const open = async () =>
      checkoutIdIn(await (await fetch(`${kashier.k.url}${checkoutPath({ orderId: 'ORD-TWICE' })}`)).text());
    const first = await open();
    const second = await open();
    await payForm(kashier.k.url, '/checkout', first, CHALLENGE_CARD);
    expect((await payForm(kashier.k.url, '/checkout', second, APPROVED_CARD)).status).toBe(302);
    const answered = await fetch(`${kashier.k.url}/checkout/challenge`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ checkout: first, otp: '1234' }).toString(),
    });
    await expectRejected(answered, 409, 'KASHIER_CHECKOUT_CLOSED');
    const order = kashier.k.sandbox.state().test.orders.get('ORD-TWICE');
    expect(order?.transactions.map(({ status }) => status)).toEqual(['SUCCESS']);
  });
});

describe('Kashier: amounts below the currency’s minor unit (issue 17, finding 10)', () => {
  const kashier = useKashierSandbox();
  const { call } = kashier;

  async function paidOrderId(): Promise<string> {
    const path = checkoutPath({ orderId: 'ORD-CENTS' });
    const checkout = checkoutIdIn(await (await fetch(`${kashier.k.url}${path}`)).text());
    expect((await payForm(kashier.k.url, '/checkout', checkout, APPROVED_CARD)).status).toBe(302);
    return (kashier.k.sandbox.state().test.orders.get('ORD-CENTS') as { orderId: string }).orderId;
  }

  it('refuses a refund of 0.0004 EGP (both spellings), and refunds nothing', async () => {
    const orderId = await paidOrderId();
    const v3 = await call('PUT', `/fep/v3/orders/${orderId}`, {
      apiOperation: 'REFUND',
      transaction: { amount: 0.0004 },
    });
    const body = await expectRejected<Failure>(v3, 400, 'KASHIER_AMOUNT_PRECISION');
    expect(body.error.cause).toBe('"transaction.amount" must have no more than 2 decimal places');
    const order = kashier.k.sandbox.state().test.orders.get('ORD-CENTS');
    const tx = order?.transactions[0]?.transactionId as string;
    const older = await call('PUT', `/orders/${orderId}/transactions/${tx}?operation=refund`, {
      amount: '1.005',
    });
    await expectRejected(older, 400, 'KASHIER_AMOUNT_PRECISION');
    expect(kashier.k.sandbox.state().test.orders.get('ORD-CENTS')).toMatchObject({
      refunded: 0,
      status: 'CAPTURED',
    });
    const cent = await call('PUT', `/fep/v3/orders/${orderId}`, {
      apiOperation: 'REFUND',
      transaction: { amount: 0.01 },
    });
    expect(cent.status).toBe(200);
  });

  it('refuses sessions, pages and invoices with a sub-minor amount', async () => {
    await expectRejected(
      await call('POST', '/v3/payment/sessions', sessionBody('ORD-M', { amount: '450.005' }), {
        apiKey: API_KEY,
      }),
      400,
      'KASHIER_AMOUNT_PRECISION',
    );
    const page = await fetch(`${kashier.k.url}${checkoutPath({ amount: '600.005' })}`);
    await expectRejected(page, 400, 'KASHIER_AMOUNT_PRECISION');
    const invoice = await call('POST', '/paymentRequest?currency=EGP', [
      {
        paymentType: 'professional',
        merchantId: MID,
        totalAmount: 110.001,
        customerName: 'Test Buyer',
        invoiceReferenceId: 'INV-M',
        invoiceItems: [{ itemName: 'Hour', quantity: 1, unitPrice: 100, subTotal: 100.001 }],
        tax: 10,
      },
    ]);
    const refused = await expectRejected<Failure>(invoice, 400, 'KASHIER_AMOUNT_PRECISION');
    expect(refused.error.cause).toBe('"[0].totalAmount" must have no more than 2 decimal places');
  });
});
