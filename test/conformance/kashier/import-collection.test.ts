/**
 * Kashier conformance fixture: drift check and regeneration.
 *
 * ./fixtures/kashier-api.json is generated from Kashier's Postman collection with recorded answers in
 * ../shared/reference/recordings/kashier (relative to the repo root; override with KASHIER_RECORDINGS_DIR).
 *
 *   Regenerate:   UPDATE_FIXTURES=1 npx jest test/conformance/kashier/import-collection.test.ts
 *   Drift check:  npx jest test/conformance/kashier/import-collection.test.ts
 *
 * The drift check is skipped when the recordings are absent; the unit tests of the conversion always run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { layoutJson } from '../json-layout';
import { importCollection } from './import-collection';

const repoRoot = path.resolve(__dirname, '../../..');
const recordingsDir = path.resolve(
  repoRoot,
  process.env.KASHIER_RECORDINGS_DIR ?? '../shared/reference/recordings/kashier',
);
const COLLECTION = 'kashier-api.postman_collection.json';
const SOURCE = `recordings/kashier/${COLLECTION}`;
const collectionFile = path.join(recordingsDir, COLLECTION);
const fixtureFile = path.join(__dirname, 'fixtures', 'kashier-api.json');

const describeRecordings = existsSync(collectionFile) ? describe : describe.skip;

describeRecordings('the fixture generated from the recorded collection', () => {
  test(process.env.UPDATE_FIXTURES === '1' ? 'writes it' : 'matches the collection', () => {
    const expected = layoutJson(importCollection(readFileSync(collectionFile, 'utf8'), SOURCE));
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(fixtureFile, expected);
    else expect(readFileSync(fixtureFile, 'utf8')).toBe(expected);
  });
});

function collection(items: unknown[]): string {
  return JSON.stringify({ info: {}, item: items });
}

const header = [{ key: 'Authorization', value: '<secret key of the merchant>' }];

describe('importCollection', () => {
  test('replays the saved original request, captures created ids and templates their later uses', () => {
    const fixture = importCollection(
      collection([
        {
          name: 'Invoices',
          item: [
            {
              name: 'Create',
              request: {
                method: 'POST',
                header,
                url: { raw: 'https://test-api.kashier.io/paymentRequest/?currency=EGP' },
                body: { raw: '{"dueDate":"2023-08-16T10:49:24.831Z"}' },
              },
              response: [
                {
                  code: 200,
                  body: '{"response":{"paymentRequestId":"INV-1","_id":"abc"},"status":"SUCCESS"}',
                  originalRequest: {
                    method: 'POST',
                    header,
                    url: { raw: 'https://test-api.kashier.io/paymentRequest?currency=EGP' },
                    body: { raw: '{"dueDate":"2021-08-01"}' },
                  },
                },
              ],
            },
            {
              name: 'Get',
              request: {
                method: 'GET',
                url: 'https://test-api.kashier.io/paymentRequest/INV-1?currency=EGP',
              },
              response: [{ code: 200, body: '{"status":"SUCCESS"}' }],
            },
            {
              name: 'Unanswered',
              request: { method: 'PUT', url: 'https://test-api.kashier.io/merchant' },
              response: [],
            },
          ],
        },
      ]),
      'test',
    );
    expect(fixture.requires).toEqual([]);
    expect(
      fixture.exchanges.map(({ name, variant, path: p, query, authorization, body, capture }) => ({
        name,
        variant,
        p,
        query,
        authorization,
        body,
        capture,
      })),
    ).toEqual([
      {
        name: 'Invoices / Create',
        variant: 'recorded',
        p: '/paymentRequest',
        query: 'currency=EGP',
        authorization: true,
        body: { dueDate: '2021-08-01' },
        capture: { invoice_1: 'response.paymentRequestId', invoice_object_id_1: 'response._id' },
      },
      {
        name: 'Invoices / Create',
        variant: 'collection',
        p: '/paymentRequest/',
        query: 'currency=EGP',
        authorization: true,
        body: { dueDate: '2023-08-16T10:49:24.831Z' },
        capture: {},
      },
      {
        name: 'Invoices / Get',
        variant: 'recorded',
        p: '/paymentRequest/{{invoice_1}}',
        query: 'currency=EGP',
        authorization: false,
        body: null,
        capture: {},
      },
    ]);
    expect(fixture.exchanges[2]?.shape).toEqual({ object: { status: 'string' } });
  });

  test('ids made outside the collection become required variables; hosts are told apart', () => {
    const fixture = importCollection(
      collection([
        {
          name: 'Refund',
          request: {
            method: 'PUT',
            url: { raw: 'https://test-fep.kashier.io/v3/orders/09db0e0c-d28b-4260-9476-36d62843add6' },
          },
          response: [
            {
              code: 200,
              body: '{}',
              originalRequest: {
                method: 'PUT',
                url: {
                  raw: 'https://test-api.kashier.io/orders/93c799ea-ae6c-485c-bf36-a385acbb8c13/transactions/TX-69827597?operation=refund',
                },
              },
            },
          ],
        },
      ]),
      'test',
    );
    expect(fixture.requires).toEqual(['refund_order', 'refund_transaction', 'v3_refund_order']);
    expect(fixture.exchanges.map((exchange) => [exchange.host, exchange.path])).toEqual([
      ['api', '/orders/{{refund_order}}/transactions/{{refund_transaction}}'],
      ['fep', '/v3/orders/{{v3_refund_order}}'],
    ]);
  });

  test('refuses a host the sandbox does not stand for', () => {
    expect(() =>
      importCollection(
        collection([
          {
            name: 'x',
            request: { method: 'GET', url: 'https://example.com/' },
            response: [{ code: 200, body: '{}' }],
          },
        ]),
        'test',
      ),
    ).toThrow(/host example.com/);
  });
});
