import type { OperationHandler } from '../../runtime/provider';
import { parseWebUrl } from '../../runtime/web-url';
import { newObjectId } from '../ids';
import type { KashierState, PaymentSession } from '../state';
import { stateLimits } from '../state';
import { sessionStatusAt, sessionUrlOf, sessionView } from '../views';
import {
  merchantIdOf,
  modeOf,
  modeStateOf,
  refuse,
  refuseSubMinorAmount,
  type KashierRequest,
} from './common';

interface SessionBody {
  readonly amount: string;
  readonly currency: string;
  readonly order: string;
  readonly merchantId: string;
  readonly merchantRedirect: string;
  readonly expireAt?: string;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.[0-9]+){3}|\[::1\]|0\.0\.0\.0)$/i;

export const createPaymentSession: OperationHandler<KashierState> = (request) => {
  const body = request.body as SessionBody & Record<string, unknown>;
  const mode = modeOf(request);
  const store = modeStateOf(request);
  if (body.merchantId !== merchantIdOf(request))
    throw refuse('KASHIER_MERCHANT_MISMATCH', '"merchantId" is not the merchant of this key');
  refuseSubMinorAmount('amount', body.amount, body.currency);
  const redirect = parseWebUrl(body.merchantRedirect);
  if (
    request.settings.rejectLocalRedirects === true &&
    (!redirect.ok || LOOPBACK_HOSTS.test(redirect.url.hostname))
  )
    throw refuse('KASHIER_REDIRECT_URL_REFUSED', '"merchantRedirect" must be a valid URL');
  for (const earlier of store.sessions.values()) {
    const status = sessionStatusAt(earlier, request.now);
    if (
      earlier.params.order !== body.order ||
      (status !== 'CREATED' && status !== 'OPENED' && status !== 'PAID')
    )
      continue;
    throw refuse('KASHIER_SESSION_DUPLICATE_ORDER', 'Session cannot be created', {
      sessionUrl: sessionUrlOf(request.origin, earlier),
    });
  }
  if (store.orders.get(body.order)?.status !== undefined && store.orders.get(body.order)?.status !== 'FAILED')
    throw refuse('KASHIER_SESSION_DUPLICATE_ORDER', 'Session cannot be created');
  const session: PaymentSession = {
    id: newObjectId(),
    mode,
    merchantId: body.merchantId,
    params: body,
    status: 'CREATED',
    createdAt: request.now.toISOString(),
    expireAt: body.expireAt,
    paidOrder: undefined,
  };
  store.sessions.set(session.id, session, stateLimits(request.settings));
  return { status: 201, body: sessionView(session, request.origin, request.now) };
};

export function sessionOf(request: KashierRequest, id: string): PaymentSession {
  const session = modeStateOf(request).sessions.get(id);
  if (!session) throw refuse('KASHIER_SESSION_NOT_FOUND', 'Session not found');
  return session;
}

export const getPaymentSession: OperationHandler<KashierState> = (request) => ({
  status: 200,
  body: sessionView(sessionOf(request, request.params.sessionId as string), request.origin, request.now),
});

export const getSessionPayment: OperationHandler<KashierState> = (request) => {
  const session = sessionOf(request, request.params.sessionId as string);
  const order =
    session.paidOrder === undefined ? undefined : modeStateOf(request).orders.get(session.paidOrder);
  const payment = order?.transactions.filter((transaction) => transaction.operation === 'pay').at(-1);
  if (!order || !payment)
    throw refuse('KASHIER_SESSION_NOT_PAID', 'No payment was made through this session');
  return {
    status: 200,
    body: {
      status: payment.status,
      transactionId: payment.transactionId,
      orderId: order.orderId,
      merchantOrderId: order.merchantOrderId,
      orderReference: order.orderReference,
      amount: order.amountText,
      currency: order.currency,
      method: 'card',
      cardBrand: order.card.cardBrand,
      maskedCard: order.card.maskedCard,
    },
  };
};
