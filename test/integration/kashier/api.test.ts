import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { API_KEY, invoiceBody, sessionBody, useKashierSandbox } from '../../helpers/kashier';

describe('Kashier payment requests and input checks', () => {
  const kashier = useKashierSandbox({ rejectLocalRedirects: true });
  const { call } = kashier;

  it('creates invoices in a batch, all or none', async () => {
    const created = await call('POST', '/paymentRequest?currency=EGP', [
      invoiceBody('INV-1'),
      invoiceBody('INV-2'),
    ]);
    expect(created.status).toBe(200);
    expect(await jsonOf(created)).toMatchObject({
      status: 'SUCCESS',
      response: [{ invoiceReferenceId: 'INV-1', currency: 'EGP' }, {}],
    });
    const again = await call('POST', '/paymentRequest?currency=EGP', [
      invoiceBody('INV-3'),
      invoiceBody('INV-1'),
    ]);
    await expectRejected(again, 400, 'KASHIER_INVOICE_DUPLICATE');
    const twice = await call('POST', '/paymentRequest?currency=EGP', [
      invoiceBody('INV-4'),
      invoiceBody('INV-4'),
    ]);
    await expectRejected(twice, 400, 'KASHIER_INVOICE_DUPLICATE');
    const merchant = await call('POST', '/paymentRequest?currency=EGP', [
      invoiceBody('INV-6', { merchantId: 'MID-9-9' }),
    ]);
    await expectRejected(merchant, 400, 'KASHIER_MERCHANT_MISMATCH');
    expect(await kashier.k.sandbox.readState((state) => state.test.paymentRequests.size)).toBe(2);
  });

  it('refuses a loopback merchantRedirect when told to, as real Kashier does', async () => {
    const local = await call(
      'POST',
      '/v3/payment/sessions',
      sessionBody('O-L', { merchantRedirect: 'http://localhost:3000/back' }),
      {
        apiKey: API_KEY,
      },
    );
    const body = await expectRejected(local, 400, 'KASHIER_REDIRECT_URL_REFUSED');
    expect(body).toMatchObject({
      status: 'FAILURE',
      error: { cause: '"merchantRedirect" must be a valid URL' },
      messages: { en: expect.any(String), ar: expect.any(String) },
    });
  });

  it('answers bad input with Joi-worded 400s, never a 5xx, storing nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...sessionBody('O-1'), customer: undefined }, '"customer" is required'],
      [sessionBody('O-2', { amount: 450 }), '"amount" must be a string'],
      [sessionBody('O-3', { extra: 1 }), '"extra" is not allowed'],
      [sessionBody('O-4', { merchantRedirect: 'not a url' }), '"merchantRedirect" must be a valid URL'],
      [sessionBody('O-5', { currency: 'XYZ' }), '"currency" must be one of [EGP, USD, EUR, GBP]'],
      [[], '"value" must be a object'],
    ];
    for (const [body, cause] of cases) {
      const response = await call('POST', '/v3/payment/sessions', body, { apiKey: API_KEY });
      const refused = await expectRejected<{ error: { cause: string } }>(
        response,
        400,
        'KASHIER_BODY_INVALID',
      );
      expect(refused.error.cause).toBe(cause);
    }
    await expectRejected(
      await call('POST', '/v3/payment/sessions', '{"amount":', { apiKey: API_KEY }),
      400,
      'KASHIER_MALFORMED_JSON',
    );
    await expectRejected(
      await call('POST', '/v3/payment/sessions', sessionBody('O-6', { merchantId: 'MID-0-0' }), {
        apiKey: API_KEY,
      }),
      400,
      'KASHIER_MERCHANT_MISMATCH',
    );
    await expectRejected(await call('GET', '/v3/payment/sessions/not-an-id'), 404, 'KASHIER_PATH_INVALID');
    await expectRejected(
      await call('GET', '/v3/payment/sessions/0123456789abcdef01234567'),
      404,
      'KASHIER_SESSION_NOT_FOUND',
    );
    await expectRejected(
      await call('PUT', '/fep/v3/orders/X', { apiOperation: 'CAPTURE', transaction: { amount: 1 } }),
      400,
      'KASHIER_BODY_INVALID',
    );
    await expectRejected(
      await call('PUT', '/fep/v3/orders/X', { apiOperation: 'REFUND', transaction: { amount: 0 } }),
      400,
      'KASHIER_BODY_INVALID',
    );
    await expectRejected(
      await call('PUT', '/orders/X/transactions/TX-1', { amount: '1' }),
      400,
      'KASHIER_QUERY_INVALID',
    );
    // The FEP refund is not served on the API host, nor the API on the FEP host.
    await expectRejected(
      await call('PUT', '/v3/orders/X', { apiOperation: 'REFUND', transaction: { amount: 1 } }),
      404,
      'KASHIER_ROUTE_NOT_FOUND',
    );
    await expectRejected(await call('GET', '/fep/payments/orders/X'), 404, 'KASHIER_ROUTE_NOT_FOUND');
    expect(await kashier.k.sandbox.readState((state) => state.test.sessions.size)).toBe(0);
  });
});
