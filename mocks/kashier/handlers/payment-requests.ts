import type { OperationHandler } from '../../runtime/provider';
import { newObjectId } from '../ids';
import { paymentApiKeyOf } from '../keys';
import { stateLimits, type KashierState, type PaymentRequestRecord } from '../state';
import { paymentLinkOf, thousandths } from '../views';
import { merchantIdOf, modeOf, modeStateOf, refuse, refuseSubMinorAmount } from './common';

interface InvoiceInput {
  readonly merchantId: string;
  readonly totalAmount: number;
  readonly customerName: string;
  readonly invoiceReferenceId: string;
  readonly dueDate?: string;
  readonly state?: 'submitted' | 'draft';
  readonly tax?: number;
  readonly invoiceItems: readonly { readonly subTotal: number }[];
}

/** Creates every invoice of the batch, or none: all are checked first. Each carries its hosted payment link. */
export const createPaymentRequest: OperationHandler<KashierState> = (request) => {
  const invoices = request.body as readonly InvoiceInput[];
  const store = modeStateOf(request).paymentRequests;
  const seen = new Set<string>();
  const currency = String(request.query.currency);
  for (const [index, invoice] of invoices.entries()) {
    refuseSubMinorAmount(`[${index}].totalAmount`, invoice.totalAmount, currency);
    refuseSubMinorAmount(`[${index}].tax`, invoice.tax ?? 0, currency);
    for (const [item, { subTotal }] of invoice.invoiceItems.entries())
      refuseSubMinorAmount(`[${index}].invoiceItems[${item}].subTotal`, subTotal, currency);
    if (invoice.merchantId !== merchantIdOf(request))
      throw refuse('KASHIER_MERCHANT_MISMATCH', '"merchantId" is not the merchant of this key');
    if (store.has(invoice.invoiceReferenceId) || seen.has(invoice.invoiceReferenceId))
      throw refuse('KASHIER_INVOICE_DUPLICATE', `Invoice ${invoice.invoiceReferenceId} already exists`);
    seen.add(invoice.invoiceReferenceId);
    const sum = invoice.invoiceItems.reduce((total, item) => total + thousandths(item.subTotal), 0);
    if (sum + thousandths(invoice.tax ?? 0) !== thousandths(invoice.totalAmount))
      throw refuse('KASHIER_INVOICE_TOTAL_MISMATCH', '"totalAmount" must equal the items’ subTotal plus tax');
  }
  const created = invoices.map((invoice): PaymentRequestRecord => ({
    _id: newObjectId(),
    invoiceReferenceId: invoice.invoiceReferenceId,
    merchantId: invoice.merchantId,
    customerName: invoice.customerName,
    totalAmount: invoice.totalAmount,
    currency,
    state: invoice.state ?? 'submitted',
    ...(invoice.dueDate !== undefined ? { dueDate: invoice.dueDate } : {}),
    createdAt: request.now.toISOString(),
  }));
  const mode = modeOf(request);
  const paymentApiKey = paymentApiKeyOf(mode, request.credentials);
  const response = {
    status: 201,
    body: {
      status: 'SUCCESS',
      response: created.map((invoice) => ({
        ...invoice,
        paymentLink: paymentLinkOf(request.origin, mode, invoice, paymentApiKey),
      })),
      messages: { en: 'Payment request created successfully', ar: 'تم إنشاء طلب الدفع بنجاح' },
    },
  };
  for (const record of created) store.set(record.invoiceReferenceId, record, stateLimits(request.settings));
  return response;
};
