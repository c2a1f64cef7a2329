/**
 * The acquirer records Kashier shows beside each transaction: what it sent to the card gateway (MPGS in every
 * recorded answer) and what came back [R Kashier's Postman collection: order details, refund]. The sandbox has
 * no acquirer: these are the records of a stand-in one, their fields as recorded, their values placeholders
 * that name the sandbox (no credential of anything real), their codes those of the outcome.
 */
import type { Card, Order, Transaction } from './state';

/** The stand-in acquirer's names (the recorded answers name the merchant's MPGS account and bank here). */
const ACQUIRER = {
  merchant: 'SANDBOXMERCHANT',
  userName: 'Merchant.SANDBOXMERCHANT',
  bank: 'sandbox',
  terminal: 'SANDBOX01',
  acquirerId: 'SANDBOX_S2I',
  acquirerMerchantId: '000000000000000',
} as const;

/** The version of the MPGS REST API the recorded records name (44 for payments, 62 for refunds). */
const GATEWAY_VERSION = { pay: '44', refund: '62' } as const;

export const APPROVED_MESSAGE = { en: 'Approved', ar: 'تمت الموافقة' } as const;
export const DECLINED_MESSAGE = { en: 'Declined', ar: 'عملية مرفوضة' } as const;

const responseCodeOf = (transaction: Transaction): string => (transaction.status === 'SUCCESS' ? '00' : '05');
const messageOf = (transaction: Transaction) =>
  transaction.status === 'SUCCESS' ? APPROVED_MESSAGE : DECLINED_MESSAGE;

/** The digits of an id, for the receipt-like numbers of the records (stable for one transaction). */
function digitsOf(text: string, length: number): string {
  const digits = text.replace(/\D/g, '');
  return digits.padStart(length, '0').slice(-length);
}

function cardOf(card: Card) {
  return {
    brand: card.cardBrand,
    cardHolderName: card.cardHolderName,
    expiry: { month: card.expiryMonth, year: card.expiryYear },
    number: card.maskedCard,
  };
}

/** The authorization answer of the card network, as recorded (processing code 00 pay, 20 refund). */
function authorizationResponse(transaction: Transaction) {
  return {
    cardSecurityCodeError: 'M',
    commercialCard: '888',
    commercialCardIndicator: '3',
    financialNetworkCode: '777',
    posData: '1025100006600',
    posEntryMode: '812',
    processingCode: transaction.operation === 'refund' ? '203000' : '003000',
    responseCode: responseCodeOf(transaction),
    stan: digitsOf(transaction.transactionId, 6),
    transactionIdentifier: digitsOf(transaction.transactionId, 9),
  };
}

function acquirerOf(transaction: Transaction) {
  const date = transaction.creationDate.slice(0, 10);
  return {
    batch: Number(date.replace(/-/g, '')),
    date: date.slice(5).replace('-', ''),
    id: ACQUIRER.acquirerId,
    merchantId: ACQUIRER.acquirerMerchantId,
    settlementDate: date,
    timeZone: '+0200',
    transactionId: digitsOf(transaction.transactionId, 9),
  };
}

/** One transaction of an order as order details shows it: Kashier's record with the acquirer's exchange. */
export function transactionRecord(order: Order, transaction: Transaction) {
  const operation = transaction.operation;
  return {
    requestCredentials: {
      type: 'mpgs',
      method: 'card',
      mpgs: {
        credentials: {
          apiPassword: 'sandbox',
          apiUserName: ACQUIRER.userName,
          merchantId: ACQUIRER.merchant,
          vpc: {
            vpc_Merchant: ACQUIRER.merchant,
            vpc_AccessCode: 'SANDBOX',
            vpc_Password: 'sandbox',
            vpc_User: operation,
            secretKey: 'sandbox',
          },
        },
        bank: ACQUIRER.bank,
      },
    },
    feeTrxAmount: 0,
    request: {
      payload: {
        apiOperation: operation.toUpperCase(),
        order: { amount: order.amountText, currency: order.currency },
        sourceOfFunds: { provided: { card: { cardDataToken: order.card.cardDataToken } } },
        provider: { type: 'mpgs' },
      },
      method: 'PUT',
      url: `payment_migs/api/rest/version/${GATEWAY_VERSION[operation]}/merchant/${ACQUIRER.merchant}/order/${order.orderId}/transaction/${transaction.transactionId}`,
      auth: { username: ACQUIRER.userName, password: 'sandbox' },
    },
    currency: order.currency,
    amount: transaction.amount,
    status: transaction.status,
    transactionId: transaction.transactionId,
    operation,
    _id: transaction._id,
    isPF: true,
    requestDate: transaction.creationDate,
    responseDate: transaction.creationDate,
    creationDate: transaction.creationDate,
    ...(transaction.reason !== undefined ? { reason: transaction.reason } : {}),
    response: {
      payload: {
        sourceOfFunds: { provided: { card: cardOf(order.card) } },
        response: {
          gatewayCode: transaction.status === 'SUCCESS' ? 'APPROVED' : 'DECLINED',
          acquirerCode: responseCodeOf(transaction),
        },
        merchant: ACQUIRER.merchant,
        '3DSecureId': `3DSecureId-${order.orderId}`,
        '3DSecure': { xid: Buffer.from(order.orderId).toString('base64').slice(0, 28) },
      },
      merchantIdentifier: ACQUIRER.merchant,
      operation,
      transactionResponseMessage: messageOf(transaction),
      transactionResponseCode: responseCodeOf(transaction),
      status: transaction.status,
    },
    transactionResponseMessage: messageOf(transaction),
    transactionResponseCode: responseCodeOf(transaction),
  };
}

/**
 * The answer of a refund, on either route, as recorded for the older one [R]: the refund transaction, the
 * acquirer's record of it and the order after it. The v3 route's answer is taken to be the same (the
 * collection saved that answer under the v3 request; inferred).
 */
export function refundAnswer(order: Order, refund: Transaction) {
  const date = refund.creationDate;
  return {
    status: 'SUCCESS',
    gatewayCode: 'APPROVED',
    gatewayMessage: 'Payment accepted',
    transactionResponseCode: '00',
    transactionResponseMessage: APPROVED_MESSAGE,
    transactionId: refund.transactionId,
    transactionDate: date,
    settlementDate: date.slice(0, 10),
    amount: refund.amount,
    currency: order.currency,
    operation: 'refund',
    payload: {
      authorizationResponse: authorizationResponse(refund),
      gatewayEntryPoint: 'WEB_SERVICES_API',
      merchant: ACQUIRER.merchant,
      order: {
        amount: order.captured,
        chargeback: { amount: 0, currency: order.currency },
        creationTime: order.creationDate,
        currency: order.currency,
        id: order.orderId,
        lastUpdatedTime: date,
        merchantAmount: order.captured,
        merchantCategoryCode: '0000',
        merchantCurrency: order.currency,
        reference: order._id,
        status: order.status,
        totalAuthorizedAmount: order.captured,
        totalCapturedAmount: order.captured,
        totalDisbursedAmount: 0,
        totalRefundedAmount: order.refunded,
      },
      response: {
        acquirerCode: '00',
        cardSecurityCode: { acquirerCode: 'M', gatewayCode: 'MATCH' },
        gatewayCode: 'APPROVED',
      },
      result: 'SUCCESS',
      sourceOfFunds: {
        provided: {
          card: {
            brand: '',
            expiry: { month: order.card.expiryMonth, year: order.card.expiryYear },
            fundingMethod: 'CREDIT',
            number: order.card.maskedCard,
            scheme: order.card.cardBrand.toUpperCase(),
            storedOnFile: 'NOT_STORED',
          },
        },
        type: 'CARD',
      },
      timeOfLastUpdate: date,
      timeOfRecord: date,
      transaction: {
        acquirer: acquirerOf(refund),
        amount: refund.amount,
        currency: order.currency,
        id: refund.transactionId,
        receipt: digitsOf(refund.transactionId, 12),
        source: 'INTERNET',
        stan: digitsOf(refund.transactionId, 6),
        terminal: ACQUIRER.terminal,
        type: 'REFUND',
      },
      version: GATEWAY_VERSION.refund,
    },
    cardOrderId: order.orderId,
    creationDate: date,
    orderReference: order.orderReference,
  };
}
