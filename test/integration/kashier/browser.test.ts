/**
 * The hosted checkout driven by a real browser (Debian's Chromium through playwright-core): from the order
 * link to the merchant's redirect, whose signature the project's verifier checks, and the webhook a real
 * server receives. Where Chromium is missing the test is reported as skipped with the install command, unless
 * PARTNER_SANDBOX_REQUIRE_BROWSER is set (CI), where it fails.
 */
import type { Browser, Page } from 'playwright-core';
import { verifyRedirectSignature, verifyWebhookSignature } from '../../../src/kashier';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/sandbox';
import {
  API_KEY,
  APPROVED_CARD,
  CHALLENGE_CARD,
  checkoutPath,
  useKashierSandbox,
} from '../../helpers/kashier';
import { browserRunnable, CHROMIUM, INSTALL_CHROMIUM, launchChromium } from '../../helpers/browser';
import { skippedTest } from '../../helpers/skip-at-run-time';

const runnable = browserRunnable;

jest.setTimeout(60_000);

describe('Kashier hosted checkout in a browser', () => {
  const kashier = useKashierSandbox();
  let browser: Browser | undefined;
  let merchant: WebhookReceiver;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    merchant = await startWebhookReceiver();
    hooks = await startWebhookReceiver();
    if (!runnable) return;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await merchant.close();
    await hooks.close();
  });

  async function payOnThePage(path: string, card: string) {
    const page = await (browser as Browser).newPage();
    await page.goto(`${kashier.k.url}${path}`);
    return fillAndPay(page, card);
  }

  /** Fills the card form of the page showing order ORD-B, and pays. */
  async function fillAndPay(page: Page, card: string) {
    expect(await page.textContent('#order-id')).toBe('ORD-B');
    await page.fill('#cardHolderName', 'Test Buyer');
    await page.fill('#cardNumber', card);
    await page.fill('#expiryMonth', '12');
    await page.fill('#expiryYear', '30');
    await page.fill('#cvv', '123');
    await page.click('#pay');
    return page;
  }

  if (!runnable) {
    skippedTest(
      'drives the hosted checkout in Chromium',
      `Chromium is not installed (${CHROMIUM}); install it with: ${INSTALL_CHROMIUM}`,
    );
    return;
  }

  it('pays with the approving card and returns to the merchant by GET with a valid signature; the webhook arrives signed', async () => {
    const path = checkoutPath({
      orderId: 'ORD-B',
      merchantRedirect: `${merchant.url}/back`,
      extra: { serverWebhook: `${hooks.url}/hook` },
    });
    const page = await payOnThePage(path, APPROVED_CARD);
    await page.waitForURL((url) => url.toString().startsWith(merchant.url));
    const back = new URL(page.url());
    expect(back.searchParams.get('paymentStatus')).toBe('SUCCESS');
    expect(verifyRedirectSignature(back.search, API_KEY)).toMatchObject({ ok: true });
    const [hook] = await hooks.waitFor(1);
    expect(verifyWebhookSignature({ headers: hook!.headers, rawBody: hook!.rawBody }, API_KEY)).toMatchObject(
      { ok: true },
    );
    await page.close();
  });

  it('the demo’s iFrame script opens the same page for its order, and the payment returns to the merchant', async () => {
    const query = new URL(
      `${kashier.k.url}${checkoutPath({ orderId: 'ORD-B', merchantRedirect: `${merchant.url}/iframe` })}`,
    ).searchParams;
    const attribute = (name: string, param: string) => `data-${name}="${query.get(param) ?? ''}"`;
    // The snippet of Kashier's Node demo (views/index.ejs), pointed at the sandbox's checkout host.
    const snippet = `<!doctype html><html><body><h1>Merchant</h1>
<script id="kashier-iFrame" src="${kashier.k.url}/checkout/kashier-checkout.js"
  ${attribute('amount', 'amount')} ${attribute('hash', 'hash')} ${attribute('currency', 'currency')}
  ${attribute('orderId', 'orderId')} ${attribute('merchantId', 'merchantId')}
  ${attribute('merchantRedirect', 'merchantRedirect')} data-display="en" data-mode="test"
  data-metaData='{"cart":1}' data-redirectMethod="get" data-failureRedirect="false"
  data-allowedMethods="card,wallet" data-brandcolor="rgba(163, 0, 0, 1)"></script></body></html>`;
    const page = await (browser as Browser).newPage();
    await page.setContent(snippet, { waitUntil: 'load' });
    await page.click('#kashier-iFrame-button');
    await page.waitForSelector('#order-id');
    await fillAndPay(page, APPROVED_CARD);
    await page.waitForURL((url) => url.toString().startsWith(`${merchant.url}/iframe`));
    const back = new URL(page.url());
    expect(back.searchParams.get('paymentStatus')).toBe('SUCCESS');
    expect(verifyRedirectSignature(back.search, API_KEY)).toMatchObject({ ok: true });
    await page.close();
  });

  it('passes the 3-D Secure challenge and posts back to the merchant', async () => {
    const path = checkoutPath({
      orderId: 'ORD-B',
      merchantRedirect: `${merchant.url}/posted`,
      extra: { redirectMethod: 'post' },
    });
    const before = merchant.received.length;
    const page = await payOnThePage(path, CHALLENGE_CARD);
    await page.fill('#otp', '1234');
    await page.click('#verify');
    const received = await merchant.waitFor(before + 1);
    const posted = received.slice(before)[0];
    expect(posted?.method).toBe('POST');
    expect(posted?.path).toBe('/posted');
    const form = posted!.rawBody.toString();
    expect(new URLSearchParams(form).get('paymentStatus')).toBe('SUCCESS');
    expect(verifyRedirectSignature(form, API_KEY)).toMatchObject({ ok: true });
    await page.close();
  });
});
