import { escapeHtml, page } from './html';
import type { Checkout } from './state';
import { CHALLENGE_CODE, TEST_CARDS } from './test-cards';

/** A brand colour only when it is plainly a colour: it goes into CSS. */
function accentOf(checkout: Checkout): string | undefined {
  const color = checkout.brandColor;
  return color !== undefined && /^(#[0-9a-f]{3,8}|rgba?\([0-9., %]+\))$/i.test(color) ? color : undefined;
}

function summary(checkout: Checkout, merchantId: string): string {
  return `<section id="order-summary"><h2>Order summary</h2><table>
<tr><th>Merchant</th><td id="merchant">${escapeHtml(merchantId)}</td></tr>
<tr><th>Order</th><td id="order-id">${escapeHtml(checkout.merchantOrderId)}</td></tr>
<tr><th>Amount</th><td id="amount">${escapeHtml(checkout.amount)} ${escapeHtml(checkout.currency)}</td></tr>
<tr><th>Mode</th><td id="mode">${checkout.mode}</td></tr>
</table></section>`;
}

/** The hosted payment page: the order, a card form posting to the page's own `/pay`, the test cards. */
export function checkoutPage(
  checkout: Checkout,
  basePath: string,
  merchantId: string,
  notice?: string,
): string {
  const cards = TEST_CARDS.map(
    (card) =>
      `<tr><td><code>${card.number}</code></td><td>${card.brand}</td><td>${escapeHtml(card.says)}</td></tr>`,
  ).join('\n');
  return page(
    'Kashier checkout',
    `<h1>Pay ${escapeHtml(checkout.amount)} ${escapeHtml(checkout.currency)}</h1>
${notice === undefined ? '' : `<p id="notice" role="alert">${escapeHtml(notice)}</p>`}
${summary(checkout, merchantId)}
<form id="card-form" method="post" action="${escapeHtml(`${basePath}/pay`)}">
<input type="hidden" name="checkout" value="${checkout.id}">
<fieldset><legend>Card</legend>
<label>Name on card <input name="cardHolderName" id="cardHolderName" autocomplete="cc-name" maxlength="100" required></label>
<label>Card number <input name="cardNumber" id="cardNumber" inputmode="numeric" autocomplete="cc-number" maxlength="32" required></label>
<label>Expiry month (MM) <input name="expiryMonth" id="expiryMonth" pattern="0[1-9]|1[0-2]" maxlength="2" required></label>
<label>Expiry year (YY) <input name="expiryYear" id="expiryYear" pattern="[0-9]{2}" maxlength="2" required></label>
<label>CVV <input name="cvv" id="cvv" pattern="[0-9]{3,4}" maxlength="4" required></label>
</fieldset>
<button type="submit" id="pay">Pay</button>
</form>
<section id="test-cards"><h2>Test cards</h2><table>
<tr><th>Number</th><th>Brand</th><th>What it does</th></tr>
${cards}
</table><p>Any future expiry date and any CVV.</p></section>`,
    { rtl: checkout.display === 'ar', accent: accentOf(checkout) },
  );
}

/**
 * The page's own end of a payment, for a checkout that names no `merchantRedirect` (an invoice's link,
 * inferred): the outcome, the order, and the parameters a redirect would have carried.
 */
export function resultPage(
  checkout: Checkout,
  merchantId: string,
  parameters: readonly (readonly [string, string])[],
): string {
  const paid = parameters.some(([name, value]) => name === 'paymentStatus' && value === 'SUCCESS');
  const rows = parameters
    .filter(([name]) => name !== 'signature')
    .map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  return page(
    'Kashier checkout',
    `<h1 id="result">${paid ? 'Payment successful' : 'Payment failed'}</h1>
${summary(checkout, merchantId)}
<section id="payment"><h2>Payment</h2><table>
${rows}
</table></section>`,
    { rtl: checkout.display === 'ar', accent: accentOf(checkout) },
  );
}

/** The simulated 3-D Secure challenge of the issuer. */
export function challengePage(checkout: Checkout, basePath: string): string {
  return page(
    '3-D Secure',
    `<h1>Verify your payment</h1>
<p>Your bank asks for a one-time code (the sandbox's code is <code>${CHALLENGE_CODE}</code>).</p>
<form id="challenge-form" method="post" action="${escapeHtml(`${basePath}/challenge`)}">
<input type="hidden" name="checkout" value="${checkout.id}">
<label>Code <input name="otp" id="otp" maxlength="12" autocomplete="one-time-code" required></label>
<button type="submit" id="verify">Verify</button>
</form>`,
  );
}

/**
 * `redirectMethod=post`: a form that posts the redirect parameters to the merchant by itself. It takes a
 * parsed URL (an http(s) one: `parseWebUrl`), never text, and writes its serialisation escaped.
 */
export function redirectFormPage(url: URL, parameters: readonly (readonly [string, string])[]): string {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`redirectFormPage: refusing to post to a ${url.protocol} URL`);
  const inputs = parameters
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return page(
    'Returning to the merchant',
    `<form id="redirect-form" method="post" action="${escapeHtml(url.href)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('redirect-form').submit();</script>`,
  );
}
