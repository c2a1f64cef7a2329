import { signRedirectParameters } from '../../../src/kashier/redirect-signature';
import type { HandlerResponse, OperationHandler } from '../../runtime/provider';
import { jsonOrText } from '../../runtime/journal';
import { parseWebUrl } from '../../runtime/web-url';
import { CHECKOUT_SCRIPT, SCRIPT_HEADERS } from '../checkout-script';
import { challengePage, checkoutPage, redirectFormPage, resultPage } from '../checkout-page';
import { HTML_HEADERS } from '../html';
import { newCheckoutId, newObjectId, newOrderReference, newTransactionId, newUuid } from '../ids';
import { paymentApiKeyOf } from '../keys';
import { notify } from '../notifications';
import {
  stateLimits,
  type Card,
  type Checkout,
  type KashierState,
  type Order,
  type PaymentRequestRecord,
  type Transaction,
} from '../state';
import { CHALLENGE_CODE, testCardOf, type CardForm } from '../test-cards';
import { checkoutLifecycle } from '../checkout-lifecycle';
import { amountText, invoiceOrderIdOf, thousandths } from '../views';
import {
  merchantIdOf,
  modeOf,
  modeStateOf,
  refuse,
  refuseSubMinorAmount,
  type KashierRequest,
} from './common';
import { sessionOf } from './sessions';

const html = (body: string): HandlerResponse => ({ status: 200, body, headers: HTML_HEADERS });

/**
 * The invoice an order id names (its link's, inferred), which only its own amount and currency may pay, and
 * only while it is open (not cancelled, not paid).
 */
function invoiceOf(request: KashierRequest, checkout: CheckoutFields): PaymentRequestRecord | undefined {
  let invoice: PaymentRequestRecord | undefined;
  for (const candidate of modeStateOf(request).paymentRequests.values())
    if (!invoice && invoiceOrderIdOf(candidate) === checkout.merchantOrderId) invoice = candidate;
  if (!invoice) return undefined;
  if (invoice.state === 'cancelled' || invoice.paymentStatus === 'paid')
    throw refuse(
      'KASHIER_CHECKOUT_CLOSED',
      `Invoice ${invoice.paymentRequestId} is ${invoice.state === 'cancelled' ? 'cancelled' : 'paid'}`,
    );
  const total = amountText(invoice.totalAmount);
  if (
    thousandths(Number(checkout.amount)) !== thousandths(invoice.totalAmount) ||
    checkout.currency !== invoice.currency
  )
    throw refuse(
      'KASHIER_INVOICE_CHECKOUT_MISMATCH',
      `Order ${checkout.merchantOrderId} is an invoice of ${total} ${invoice.currency}`,
    );
  return invoice;
}

type CheckoutFields = Omit<Checkout, 'id' | 'paymentRequest' | 'status' | 'challengeCard'>;

/** Opens the page for an order, an invoice's when its id is one; checked in full before the checkout is kept. */
function openPage(request: KashierRequest, fields: CheckoutFields): HandlerResponse {
  const opened: Checkout = {
    ...fields,
    id: newCheckoutId(),
    paymentRequest: undefined,
    status: 'open',
    challengeCard: undefined,
  };
  checkoutLifecycle.check('open', opened, request);
  refuseSubMinorAmount('amount', fields.amount, fields.currency);
  const invoice = invoiceOf(request, fields);
  if (fields.merchantRedirect === undefined && !invoice)
    throw refuse('KASHIER_MERCHANT_REDIRECT_MISSING', '"merchantRedirect" is required');
  const checkout: Checkout = { ...opened, paymentRequest: invoice?.paymentRequestId };
  const page = html(checkoutPage(checkout, request.basePath, merchantIdOf(request)));
  modeStateOf(request).checkouts.set(checkout.id, checkout, stateLimits(request.settings));
  return page;
}

/** The HPP, its order hash already checked by the OrderHash scheme. */
export const openCheckout: OperationHandler<KashierState> = (request) => {
  const query = request.query as Record<string, string | undefined>;
  return openPage(request, {
    mode: modeOf(request),
    merchantOrderId: query.orderId as string,
    amount: query.amount as string,
    currency: query.currency as string,
    merchantRedirect: query.merchantRedirect,
    redirectMethod: query.redirectMethod === 'post' ? 'post' : 'get',
    failureRedirect: query.failureRedirect === 'true',
    serverWebhook: query.serverWebhook,
    display: query.display === 'ar' ? 'ar' : 'en',
    brandColor: query.brandColor,
    metaData: query.metaData,
    sessionId: undefined,
  });
};

/** A payment session's page: the same page, for the session's order. */
export const openSessionCheckout: OperationHandler<KashierState> = (request) => {
  const requested = (request.query as { mode?: string }).mode;
  if (requested !== undefined && requested !== modeOf(request))
    throw refuse(
      'KASHIER_CHECKOUT_MODE_MISMATCH',
      `This page runs in ${modeOf(request)} mode, not ${requested}`,
    );
  // Whether the session can still be paid is the checkout's precondition (`checkoutLifecycle`).
  const session = sessionOf(request, request.params.sessionId as string);
  const params = session.params as Record<string, unknown>;
  const response = openPage(request, {
    mode: session.mode,
    merchantOrderId: String(params.order),
    amount: String(params.amount),
    currency: String(params.currency),
    merchantRedirect: String(params.merchantRedirect),
    redirectMethod: params.redirectMethod === 'post' ? 'post' : 'get',
    failureRedirect: params.failureRedirect === true,
    serverWebhook: params.serverWebhook as string | undefined,
    display: params.display === 'ar' ? 'ar' : 'en',
    brandColor: params.brandColor as string | undefined,
    metaData: params.metaData === undefined ? undefined : JSON.stringify(params.metaData),
    sessionId: session.id,
  });
  session.status = 'OPENED';
  return response;
};

function checkoutOf(request: KashierRequest): Checkout {
  const checkout = modeStateOf(request).checkouts.get(
    String((request.body as { checkout: string }).checkout),
  );
  if (!checkout) throw refuse('KASHIER_CHECKOUT_NOT_FOUND', 'This checkout does not exist (any more)');
  return checkout;
}

export const submitCheckout: OperationHandler<KashierState> = (request) => {
  const checkout = checkoutOf(request);
  checkoutLifecycle.check('pay', checkout, request);
  const tested = testCardOf(request.body as CardForm);
  if (!tested) throw refuse('KASHIER_TEST_CARD_UNKNOWN', 'Only the test cards work in the sandbox');
  if (tested.behaviour === 'challenge') {
    checkout.status = 'challenge';
    checkout.challengeCard = tested.card;
    return html(challengePage(checkout, request.basePath));
  }
  return finishPayment(request, checkout, tested.card, tested.behaviour === 'approved');
};

export const completeChallenge: OperationHandler<KashierState> = (request) => {
  const checkout = checkoutOf(request);
  checkoutLifecycle.check('answerChallenge', checkout, request);
  const card = checkout.challengeCard as Card;
  const otp = (request.body as { otp: string }).otp;
  return finishPayment(request, checkout, card, otp === CHALLENGE_CODE);
};

/**
 * The end of a payment attempt: the order (created, or a failed one tried again) with its transaction, the
 * session's status, a paid invoice's state, the webhook; then the shopper's next page (`answerOf`).
 */
function finishPayment(
  request: KashierRequest,
  checkout: Checkout,
  card: Card,
  approved: boolean,
): HandlerResponse {
  const { mode } = checkout;
  const store = modeStateOf(request);
  const now = request.now.toISOString();
  const amount = Number(checkout.amount);
  const status = approved ? 'SUCCESS' : 'FAILURE';
  const transaction: Transaction = {
    _id: newObjectId(),
    transactionId: newTransactionId(),
    operation: 'pay',
    status,
    amount,
    creationDate: now,
  };
  const earlier = store.orders.get(checkout.merchantOrderId);
  const order: Order = {
    _id: earlier?._id ?? newObjectId(),
    orderId: earlier?.orderId ?? newUuid(),
    merchantOrderId: checkout.merchantOrderId,
    orderReference: earlier?.orderReference ?? newOrderReference(mode),
    status: approved ? 'CAPTURED' : 'FAILED',
    currency: checkout.currency,
    amountText: checkout.amount,
    captured: approved ? amount : 0,
    refunded: 0,
    card,
    transactions: [...(earlier?.transactions ?? []), transaction],
    creationDate: earlier?.creationDate ?? now,
    serverWebhook: checkout.serverWebhook,
    callbackURL: checkout.merchantRedirect,
    metaData: jsonOrText(checkout.metaData), // as order details show it: the JSON it holds, or the string
  };
  const redirects = approved || checkout.failureRedirect;
  const parameters: [string, string][] = [
    ['paymentStatus', status],
    ['cardDataToken', card.cardDataToken],
    ['maskedCard', card.maskedCard],
    ['merchantOrderId', order.merchantOrderId],
    ['orderId', order.orderId],
    ['cardBrand', card.cardBrand],
    ['orderReference', order.orderReference],
    ['transactionId', transaction.transactionId],
    ['amount', checkout.amount],
    ['currency', checkout.currency],
  ];
  const key = paymentApiKeyOf(mode, request.credentials);
  const signed: [string, string][] = [
    ...parameters,
    ['mode', mode],
    ['signature', signRedirectParameters(parameters, key)],
  ];
  const answer = answerOf(request, checkout, redirects, signed);
  const invoice =
    approved && checkout.paymentRequest !== undefined
      ? store.paymentRequests.get(checkout.paymentRequest)
      : undefined;
  // Everything is computed; from here on the state changes.
  store.orders.set(order.merchantOrderId, order, stateLimits(request.settings));
  checkout.status = redirects ? 'done' : 'open';
  checkout.challengeCard = undefined;
  const session = checkout.sessionId === undefined ? undefined : store.sessions.get(checkout.sessionId);
  if (session) {
    session.paidOrder = order.merchantOrderId;
    if (approved) session.status = 'PAID';
    else if (redirects) session.status = 'FAILED';
  }
  if (invoice) {
    invoice.paymentStatus = 'paid';
    invoice.transactions = [
      ...invoice.transactions,
      {
        _id: newObjectId(),
        transactionInfoId: transaction.transactionId,
        cardOrderId: order.orderId,
        status: 'SUCCESS',
        amount,
        creationDate: now,
        orderReference: order.orderReference,
        operation: 'pay',
        invoiceItems: [],
      },
    ];
  }
  notify(
    request,
    mode,
    checkout.serverWebhook,
    'pay',
    {
      merchantOrderId: order.merchantOrderId,
      kashierOrderId: order.orderId,
      orderReference: order.orderReference,
      transactionId: transaction.transactionId,
      status,
      method: 'card',
      creationDate: now,
      amount,
      currency: order.currency,
      cardBrand: card.cardBrand,
      maskedCard: card.maskedCard,
      cardDataToken: card.cardDataToken,
      merchantId: merchantIdOf(request),
      mode,
      transactionResponseCode: approved ? '00' : '05',
    },
    {
      transactionResponseMessage: approved
        ? { en: 'Approved', ar: 'تمت الموافقة' }
        : { en: 'Declined', ar: 'مرفوضة' },
      ...(checkout.metaData !== undefined ? { metaData: checkout.metaData } : {}),
    },
  );
  return answer;
}

/**
 * Where the shopper goes after an attempt: back to the merchant with the signed parameters (302 or a
 * self-submitting form); to the page's own result when the checkout names no `merchantRedirect` (an invoice's
 * link); or, on a failure without `failureRedirect`, the page again to try another card.
 */
function answerOf(
  request: KashierRequest,
  checkout: Checkout,
  redirects: boolean,
  signed: readonly (readonly [string, string])[],
): HandlerResponse {
  const merchantId = merchantIdOf(request);
  if (!redirects)
    return html(
      checkoutPage(checkout, request.basePath, merchantId, 'The payment was declined; try another card.'),
    );
  const { merchantRedirect } = checkout;
  if (merchantRedirect === undefined) return html(resultPage(checkout, merchantId, signed));
  // Validated when the session was created or the page opened; checked again where a browser is sent to it,
  // so a checkout made any other way (a provider state) never leads a browser to a script or a bad port.
  const target = parseWebUrl(merchantRedirect);
  if (!target.ok) throw refuse('KASHIER_REDIRECT_URL_REFUSED', '"merchantRedirect" must be a valid URL');
  if (checkout.redirectMethod === 'post') return html(redirectFormPage(target.url, signed));
  for (const [name, value] of signed) target.url.searchParams.append(name, value);
  return { status: 302, headers: { Location: target.url.href } };
}

/** The pay-button script of Kashier's demos (see ../checkout-script.ts). */
export const getCheckoutScript: OperationHandler<KashierState> = () => ({
  status: 200,
  body: CHECKOUT_SCRIPT,
  headers: SCRIPT_HEADERS,
});
