import type { OperationHandler } from '../../runtime/provider';
import { refundAnswer } from '../gateway';
import { newObjectId, newTransactionId } from '../ids';
import { notify } from '../notifications';
import { stateLimits, type KashierState, type Order, type Transaction } from '../state';
import { fromThousandths, orderView, thousandths } from '../views';
import {
  merchantIdOf,
  merchantViewOf,
  modeOf,
  modeStateOf,
  refuse,
  refuseSubMinorAmount,
  type KashierRequest,
} from './common';

/** Order details, in the recorded envelope [R]. */
export const getOrder: OperationHandler<KashierState> = (request) => {
  const order = modeStateOf(request).orders.get(request.params.merchantOrderId as string);
  if (!order) throw refuse('KASHIER_ORDER_NOT_FOUND', 'Order not found');
  return {
    status: 200,
    body: {
      response: orderView(order, merchantViewOf(request)),
      messages: {
        en: 'The payment transaction has been retreived successfully',
        ar: 'تم استرداد عملية الدفع بنجاح',
      },
      status: 'SUCCESS',
    },
  };
};

/** An order by Kashier's order id or, as the sandbox also allows, by the merchant order id (inferred). */
function orderOf(request: KashierRequest, id: string): Order {
  const orders = modeStateOf(request).orders;
  let order = orders.get(id);
  for (const candidate of orders.values()) if (!order && candidate.orderId === id) order = candidate;
  if (!order) throw refuse('KASHIER_ORDER_NOT_FOUND', 'Order not found');
  return order;
}

function paymentOf(order: Order, transactionId: string | undefined): Transaction {
  const payment = order.transactions.find(
    (transaction) =>
      transaction.operation === 'pay' &&
      transaction.status === 'SUCCESS' &&
      (transactionId === undefined || transaction.transactionId === transactionId),
  );
  if (payment) return payment;
  if (transactionId !== undefined && !order.transactions.some((t) => t.transactionId === transactionId))
    throw refuse('KASHIER_TRANSACTION_NOT_FOUND', 'Transaction not found');
  throw refuse('KASHIER_REFUND_NOT_ALLOWED', 'This order has no successful payment to refund');
}

/** Refunds part or all of an order: checked in full before anything changes; notifies the merchant. */
function refund(
  request: KashierRequest,
  order: Order,
  amount: number,
  targetTransactionId: string | undefined,
  reason: string | undefined,
): { transaction: Transaction; order: Order } {
  if (order.status === 'REFUNDED')
    throw refuse('KASHIER_REFUND_NOT_ALLOWED', 'This order is already fully refunded');
  paymentOf(order, targetTransactionId);
  const left = thousandths(order.captured) - thousandths(order.refunded);
  if (thousandths(amount) > left)
    throw refuse('KASHIER_REFUND_EXCEEDS_CAPTURED', 'Refund amount exceeds the amount left to refund');
  const transaction: Transaction = {
    _id: newObjectId(),
    transactionId: newTransactionId(),
    operation: 'refund',
    status: 'SUCCESS',
    amount,
    ...(reason !== undefined ? { reason } : {}),
    creationDate: request.now.toISOString(),
  };
  const refunded = fromThousandths(thousandths(order.refunded) + thousandths(amount));
  const updated: Order = {
    ...order,
    refunded,
    status: thousandths(refunded) === thousandths(order.captured) ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    transactions: [...order.transactions, transaction],
  };
  const mode = modeOf(request);
  modeStateOf(request).orders.set(order.merchantOrderId, updated, stateLimits(request.settings));
  notify(request, mode, order.serverWebhook, 'refund', {
    merchantOrderId: order.merchantOrderId,
    kashierOrderId: order.orderId,
    orderReference: order.orderReference,
    transactionId: transaction.transactionId,
    status: 'SUCCESS',
    method: 'card',
    creationDate: transaction.creationDate,
    amount,
    totalRefundedAmount: refunded,
    currency: order.currency,
    merchantId: merchantIdOf(request),
    mode,
  });
  return { transaction, order: updated };
}

interface RefundBody {
  readonly reason?: string;
  readonly transaction: { readonly amount: number; readonly targetTransactionId?: string };
}

/** A refund's answer on either route, as recorded [R]. */
function refunded(done: { transaction: Transaction; order: Order }) {
  return {
    status: 200,
    body: {
      response: refundAnswer(done.order, done.transaction),
      messages: {
        en: 'Congratulations! Your refund was successful',
        ar: 'تهانينا! تمت معاملة استرداد الأموال بنجاح',
      },
      status: 'SUCCESS',
    },
  };
}

export const refundOrder: OperationHandler<KashierState> = (request) => {
  const { reason, transaction } = request.body as RefundBody;
  const found = orderOf(request, request.params.orderId as string);
  refuseSubMinorAmount('transaction.amount', transaction.amount, found.currency);
  return refunded(refund(request, found, transaction.amount, transaction.targetTransactionId, reason));
};

interface TransactionRefundBody {
  readonly amount: number | string;
  readonly orderId?: string;
  readonly transactionId?: string;
}

/**
 * The older route. Kashier's own SDK code sends `{orderId, transactionId, amount}` [R asciisd/kashier
 * `Refund.php`]: the body's ids, when sent, must name the path's order and transaction (inferred check).
 */
export const refundTransaction: OperationHandler<KashierState> = (request) => {
  const body = request.body as TransactionRefundBody;
  const { orderId, transactionId } = request.params as { orderId: string; transactionId: string };
  if (
    (body.orderId !== undefined && body.orderId !== orderId) ||
    (body.transactionId !== undefined && body.transactionId !== transactionId)
  )
    throw refuse(
      'KASHIER_REFUND_BODY_MISMATCH',
      'The body\'s "orderId" and "transactionId" must be those of the URL',
    );
  const amount = Number(body.amount);
  const order = orderOf(request, orderId);
  refuseSubMinorAmount('amount', body.amount, order.currency);
  if (!(amount > 0)) throw refuse('KASHIER_REFUND_NOT_ALLOWED', 'The refund amount must be more than 0');
  return refunded(refund(request, order, amount, transactionId, undefined));
};
