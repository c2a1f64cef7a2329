import { kaskoVersionAccepted } from '../../../src/kasko/media-types';
import type { HandlerResponse } from '../../runtime/provider';
import { exampleAmounts } from '../catalogue';
import { invalidField } from '../errors';
import { newToken } from '../ids';
import { priceQuote } from '../pricing';
import { refuse } from '../reasons';
import { stateLimits, type Amounts, type QuoteRecord } from '../state';
import { accountOf, type KaskoRequest } from './common';

/** Every product key configured: `productKey`, then `otherProductKeys`. */
function productKeys(request: KaskoRequest): string[] {
  const others = request.settings.otherProductKeys;
  return [request.credentials.productKey as string, ...(Array.isArray(others) ? others.map(String) : [])];
}

/**
 * Prices and stores a quote for a known product; the answer's shape follows `Accept`: v3 and v2 share the
 * current shape, anything else gets v1 (as KASKO's webapp mock answers).
 */
function quote(
  request: KaskoRequest,
  fields: { itemId: string; integrationId: string | undefined; data: Readonly<Record<string, unknown>> },
): HandlerResponse {
  if (!productKeys(request).includes(fields.itemId)) {
    throw refuse(
      'KASKO_PRODUCT_KEY_UNKNOWN',
      `Integration - ${fields.integrationId ?? '-'} product - ${fields.itemId} not found.`,
    );
  }
  const amounts = priceQuote(fields.data, exampleAmounts());
  const ttlSeconds = Number(request.settings.quoteTtlSeconds);
  const record: QuoteRecord = {
    token: newToken(),
    account: accountOf(request),
    productKey: fields.itemId,
    amounts,
    expiresAtMs: request.now.getTime() + ttlSeconds * 1000,
  };
  const accept = request.headers.accept;
  const body = quoteBody(
    record.token,
    amounts,
    kaskoVersionAccepted(Array.isArray(accept) ? accept.join(', ') : accept),
  );
  request.state.quotes.set(record.token, record, stateLimits(request.settings));
  return { status: 200, body };
}

function quoteBody(
  token: string,
  amounts: Amounts,
  version: 'v3' | 'v2' | undefined,
): Record<string, unknown> {
  if (version !== undefined)
    return { token, gross_payment_amount: amounts.gross_premium, extra_data: { ...amounts } };
  return {
    gross_premium: amounts.gross_premium,
    currency: 'eur',
    net_premium: amounts.net_premium,
    net_service_fee_total: 0,
    premium_tax: amounts.premium_tax,
    service_charge_vat: 0,
    tax_rate: amounts.tax_rate,
    signature: token,
  };
}

export function createQuote(request: KaskoRequest): HandlerResponse {
  const body = request.body as { item_id: string; integration_id: string; data: Record<string, unknown> };
  return quote(request, { itemId: body.item_id, integrationId: body.integration_id, data: body.data });
}

/** The older quote: the product data as URL-encoded JSON in `data` (the query is decoded already). */
export function getQuoteLegacy(request: KaskoRequest): HandlerResponse {
  const query = request.query as { item_id: string; touchpoint_id?: string; data: string };
  let data: unknown;
  try {
    data = JSON.parse(query.data);
  } catch {
    data = undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw refuse('KASKO_QUOTE_DATA_INVALID', 'Data validation failed.', invalidField('data'));
  return quote(request, {
    itemId: query.item_id,
    integrationId: query.touchpoint_id,
    data: data as Record<string, unknown>,
  });
}
