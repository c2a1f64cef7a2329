/**
 * An integrator's jest test against the sandbox, started in-process: no server to start beforehand, no port
 * to agree on (`port: 0` picks a free one), nothing left running. `npx jest --config examples/jest/jest.config.js`
 * runs it; the suite runs it too (test/integration/package/examples.test.ts).
 */
import { startSandbox, type Sandbox } from 'partner-sandbox';
import { createXCoverClient, type XCoverClient } from 'partner-sandbox/xcover';

let sandbox: Sandbox;
let client: XCoverClient;
let partnerCode: string;

beforeAll(async () => {
  sandbox = await startSandbox({ only: ['xcover'], port: 0 });
  const { baseUrl, credentials } = sandbox.providers.xcover!;
  partnerCode = credentials.partnerCode!;
  client = createXCoverClient({
    baseUrl,
    key: { apiKey: credentials.apiKey!, apiSecret: credentials.apiSecret! },
  });
});

afterAll(() => sandbox.close());

// Each test starts from an empty sandbox.
beforeEach(() => fetch(`${sandbox.providers.xcover!.url}/__sandbox/reset`, { method: 'POST' }));

test('quotes event ticket protection', async () => {
  const { data, error, response } = await client.POST('/partners/{partner_code}/quotes/', {
    params: { path: { partner_code: partnerCode } },
    body: {
      request: [
        {
          policy_type: 'event_ticket_protection',
          policy_type_version: 1,
          policy_start_date: '2030-10-01T00:29:29Z',
          event_datetime: '2030-10-10T13:44:15Z',
          event_name: 'Ariana Grande',
          event_location: 'The O2',
          number_of_tickets: 2,
          tickets: [{ price: 100 }],
          resale_ticket: false,
          event_country: 'GB',
        },
      ],
      currency: 'GBP',
      customer_country: 'GB',
      customer_region: 'London',
      customer_language: 'en',
    },
  });
  expect(error).toBeUndefined();
  expect(response.status).toBe(201);
  expect(Object.keys(data?.quotes ?? {})).toEqual(['0']);
});

test('an unsigned request is refused, and the sandbox says why', async () => {
  const response = await fetch(`${sandbox.providers.xcover!.baseUrl}/partners/${partnerCode}/quotes/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(401);
  expect(response.headers.get('x-sandbox-reason')).toMatch(/^XCOVER_/);
});
