/**
 * `kashier-checkout.js`, the script Kashier's demos load from the hosted checkout host to put a pay button on
 * the merchant's page [C Kashier's Node and PHP demos]: `<script id="kashier-iFrame" src=".../kashier-checkout.js"
 * data-amount data-hash data-currency data-orderId data-merchantId data-merchantRedirect data-mode …>`.
 *
 * The sandbox's script reads the same attributes and renders a button that opens the sandbox's hosted page for
 * that order, with the same query parameters a checkout URL carries (so the same hash is checked, and the
 * same redirect follows the payment). Kashier's own script shows the page in an overlay iframe and relays the
 * outcome by `postMessage`; the sandbox opens it in the window instead (**Inferred** simplification): the
 * shopper reaches the same page and the merchant the same redirect. The page's host follows `data-mode`
 * (`/checkout` test, `/live/checkout` live), as Kashier's one host serves both modes.
 */
const ATTRIBUTES = {
  merchantId: 'data-merchantid',
  orderId: 'data-orderid',
  amount: 'data-amount',
  currency: 'data-currency',
  hash: 'data-hash',
  merchantRedirect: 'data-merchantredirect',
  serverWebhook: 'data-serverwebhook',
  mode: 'data-mode',
  metaData: 'data-metadata',
  allowedMethods: 'data-allowedmethods',
  failureRedirect: 'data-failureredirect',
  redirectMethod: 'data-redirectmethod',
  display: 'data-display',
  brandColor: 'data-brandcolor',
  shopperReference: 'data-shopperreference',
} as const;

export const CHECKOUT_SCRIPT = `/* partner-sandbox: Kashier's kashier-checkout.js, opening the sandbox's hosted page. */
(function () {
  'use strict';
  var script = document.currentScript || document.getElementById('kashier-iFrame');
  if (!script) return;
  var attributes = ${JSON.stringify(ATTRIBUTES)};
  var source = new URL(script.src, window.location.href);
  var base = source.pathname.replace(/\\/kashier-checkout\\.js$/, '').replace(/^\\/live(?=\\/checkout$)/, '');
  var mode = script.getAttribute('data-mode') === 'live' ? 'live' : 'test';
  var page = new URL(source.origin + (mode === 'live' ? '/live' : '') + base);
  Object.keys(attributes).forEach(function (name) {
    var value = script.getAttribute(attributes[name]);
    if (value !== null && value !== '') page.searchParams.set(name, value);
  });
  var button = document.createElement('button');
  button.type = 'button';
  button.id = 'kashier-iFrame-button';
  button.textContent = script.getAttribute('data-display') === 'ar' ? 'ادفع' : 'Pay with Kashier';
  button.setAttribute('data-checkout-url', page.toString());
  button.addEventListener('click', function () {
    window.location.assign(page.toString());
  });
  script.parentNode.insertBefore(button, script.nextSibling);
})();
`;

export const SCRIPT_HEADERS = {
  'Content-Type': 'application/javascript; charset=utf-8',
  'Cache-Control': 'no-cache',
} as const;
