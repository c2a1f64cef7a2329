/**
 * Kashier conformance replay: every request of Kashier's recorded Postman collection (./fixtures, see
 * ./fixture.ts) is sent to the in-process Kashier mock, in the collection's order, one test each, and must come
 * back with the recorded status and a body of the recorded shape (every recorded field present with the
 * recorded type, a field recorded as `null` either `null` or of the type the spec gives it; ids, dates and other
 * values free). The objects the recording used without creating them (a
 * paid order, two refundable orders, a draft invoice) are made first, through the mock's own API and provider
 * states.
 *
 * A mismatch is a fidelity finding to fix in the mock or the spec, never a reason to edit the fixture (it is
 * regenerated from the collection, see ./import-collection.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kashierProvider } from '../../../mocks/kashier/provider';
import type { KashierState } from '../../../mocks/kashier/state';
import {
  APPROVED_CARD,
  checkoutIdIn,
  checkoutPath,
  CREDENTIALS,
  payForm,
  SECRET,
} from '../../helpers/kashier';
import { startTestSandbox, type RunningTestSandbox } from '../../helpers/sandbox';
import { loadSpec } from '../../../mocks/runtime/spec';
import { matchShape } from '../shape';
import { recordedNullCheck } from '../spec-types';
import { substitute, substituteBody, valueAt } from '../variables';
import type { KashierExchange, KashierFixture } from './fixture';

const fixture = JSON.parse(
  readFileSync(path.join(__dirname, 'fixtures', 'kashier-api.json'), 'utf8'),
) as KashierFixture;

// One sandbox for the whole collection, never reset between exchanges: later requests use what earlier ones made.
let sandbox: RunningTestSandbox<KashierState>;
const vars = new Map<string, string>();
const SPEC = loadSpec(kashierProvider.specPath);

const HOST_BASES: Readonly<Record<KashierExchange['host'], string>> = { api: '', fep: '/fep' };

async function control(route: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${route} -> ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A paid order of `amount` (the recording's refunds took 10 and 50 of orders this size at least). */
async function paidOrder(amount: string): Promise<Record<string, unknown>> {
  return control('/__sandbox/provider-states', {
    state: 'a paid order exists',
    params: { merchantOrderId: `replay-${amount}-${vars.size}`, amount },
  });
}

/**
 * The recorded order of order details: paid on the hosted page with the `metaData` its checkout sent (a Wix
 * store's, which order details echo), so the answer carries what the recorded one carried.
 */
const RECORDED_METADATA = {
  'Customer Name ': 'm k',
  'Customer E-mail': 'mk@kashier.io',
  'Customer Phone': '01000000000',
  wixTransactionId: 'bb64932d-1933-4d1e-ae39-7574ea3fd61f',
  wixMerchantId: 'c81c8e41-7a25-455f-a199-0a2ebe945c73',
  cancelUrl: 'https://merchant.example/canceled',
  errorUrl: 'https://merchant.example/error',
  successUrl: 'https://merchant.example/approved',
  time: '2021-08-11T10:23:31.547Z',
};

async function paidOnThePage(orderId: string): Promise<void> {
  const page = await fetch(
    `${sandbox.url}${checkoutPath({ orderId, amount: '99.00', extra: { metaData: JSON.stringify(RECORDED_METADATA) } })}`,
  );
  const paid = await payForm(sandbox.url, '/checkout', checkoutIdIn(await page.text()), APPROVED_CARD);
  if (paid.status !== 302) throw new Error(`paying ${orderId} on the page answered ${paid.status}`);
}

/** The recording's objects made outside the collection, each bound to its variable. */
async function prepare(): Promise<void> {
  await paidOnThePage('6c3e0871-0a7b-45ec-af33-2fc8221ee188');
  vars.set('paid_order', '6c3e0871-0a7b-45ec-af33-2fc8221ee188');
  const refundable = await paidOrder('14.00');
  vars.set('refund_order', String(refundable.orderId));
  vars.set('refund_transaction', String(refundable.transactionId));
  const v3 = await paidOrder('100.00');
  vars.set('v3_refund_order', String(v3.orderId));
  vars.set('v3_refund_transaction', String(v3.transactionId));
  const draft = await call('POST', '/paymentRequest?currency=EGP', true, {
    paymentType: 'professional',
    merchantId: CREDENTIALS.merchantId,
    totalAmount: 100,
    customerName: 'test customer',
    invoiceReferenceId: '652',
    dueDate: '2022-01-12',
    invoiceItems: [{ description: 'mobile', quantity: 1, unitPrice: 100, subTotal: 100 }],
    state: 'draft',
  });
  // Left unset when the mock cannot make it: only the exchange that deletes it fails then.
  const created = (await draft.json()) as { response?: { paymentRequestId?: string } };
  if (created.response?.paymentRequestId !== undefined)
    vars.set('draft_invoice', created.response.paymentRequestId);
}

/** A request as the collection sends it: the secret key where the recording sent `Authorization`. */
function call(method: string, target: string, authorization: boolean, body?: unknown): Promise<Response> {
  return fetch(`${sandbox.url}${target}`, {
    method,
    headers: {
      ...(authorization ? { authorization: SECRET } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  sandbox = await startTestSandbox(kashierProvider);
  await prepare();
});

afterAll(async () => {
  sandbox.sandbox.webhooks.close();
  await sandbox.server.close();
});

/** The answers must keep to the spec's response schemas too: the recorded shapes and the spec agree. */
afterEach(() => {
  expect(sandbox.responseViolations.splice(0)).toEqual([]);
});

test('the replay makes every object the fixture requires', () => {
  const missing = fixture.requires.filter((name) => !vars.has(name));
  expect(missing).toEqual([]);
});

for (const [index, exchange] of fixture.exchanges.entries()) {
  test(`${index} ${exchange.variant}: ${exchange.name} answers as recorded`, async () => {
    const where = `exchange ${index}`;
    const query = substitute(exchange.query, vars, where);
    const target = `${HOST_BASES[exchange.host]}${substitute(exchange.path, vars, where)}${query === '' ? '' : `?${query}`}`;
    const response = await call(
      exchange.method,
      target,
      exchange.authorization,
      exchange.body === null ? undefined : substituteBody(exchange.body, vars, where),
    );
    const text = await response.text();
    const label = `${exchange.method} ${target}`;
    expect(`${label} -> ${response.status}`).toBe(
      response.status === exchange.status
        ? `${label} -> ${exchange.status}`
        : `${label} -> ${exchange.status}; got ${text.slice(0, 600)}`,
    );
    const body = JSON.parse(text) as unknown;
    const pathname = new URL(target, sandbox.url).pathname;
    const checkNull = recordedNullCheck(SPEC, exchange.method, pathname, exchange.status);
    expect(matchShape(exchange.shape, body, '$', checkNull)).toEqual([]);
    for (const [name, dotted] of Object.entries(exchange.capture)) {
      const value = valueAt(body, dotted);
      expect([name, typeof value]).toEqual([name, 'string']);
      vars.set(name, value as string);
    }
  });
}
