import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { MID, VIEWER_KEY, invoiceBody, useKashierSandbox } from '../../helpers/kashier';

interface Invoice {
  _id: string;
  paymentRequestId: string;
  paymentStatus: string;
  state: string;
  totalAmount: number;
  dueDate?: string;
  paymentLink: string;
  shares: { channel: string; to: string }[];
}

describe('Kashier invoices: get, list, share, delete, cancel, mark paid', () => {
  const kashier = useKashierSandbox();
  const { call } = kashier;

  async function create(reference: string, extra: Record<string, unknown> = {}): Promise<Invoice> {
    const created = await call('POST', '/paymentRequest?currency=EGP', invoiceBody(reference, extra));
    expect(created.status).toBe(200);
    return (await jsonOf<{ response: Invoice }>(created)).response;
  }

  const get = async (id: string) =>
    (await jsonOf<{ response: { data: Invoice[] } }>(await call('GET', `/paymentRequest/${id}`))).response
      .data[0]!;

  it('creates from one object, numeric strings and either dueDate spelling, and answers numbers', async () => {
    const invoice = await create('R-1', {
      totalAmount: undefined,
      tax: '1',
      dueDate: '2030-01-01',
      invoiceItems: [{ description: 'd', quantity: '4', unitPrice: '50', subTotal: 200 }],
    });
    expect(invoice).toMatchObject({
      paymentStatus: 'unpaid',
      state: 'submitted',
      totalAmount: 201,
      dueDate: '2030-01-01T00:00:00.000Z',
      paymentRequestId: expect.stringMatching(/^INV-3552454\d+$/),
    });
    const other = await create('R-2', { dueDate: '2023-08-16T10:49:24.831Z' });
    expect(other.dueDate).toBe('2023-08-16T10:49:24.831Z');
    expect(await get(invoice.paymentRequestId)).toMatchObject({ _id: invoice._id, totalAmount: 201 });
    await expectRejected(await call('GET', '/paymentRequest/INV-0'), 404, 'KASHIER_INVOICE_NOT_FOUND');
  });

  it('lists the merchant’s invoices of a currency, and refuses another merchant’s list', async () => {
    await create('L-1');
    await call('POST', '/paymentRequest?currency=USD', invoiceBody('L-2'));
    const list = await jsonOf<{ response: { data: Invoice[]; pagination: { totalDocs: number } } }>(
      await call('GET', `/paymentRequests/${MID}?currency=EGP`),
    );
    expect(list.response.pagination.totalDocs).toBe(1);
    const all = await jsonOf<{ response: { data: Invoice[] } }>(
      await call('GET', `/paymentRequests/${MID}`, undefined, { key: VIEWER_KEY }),
    );
    expect(all.response.data).toHaveLength(2);
    await expectRejected(await call('GET', '/paymentRequests/MID-1-1'), 400, 'KASHIER_MERCHANT_MISMATCH');
  });

  it('records shares by e-mail and SMS, single and bulk, and sends nothing', async () => {
    const a = await create('S-1');
    const b = await create('S-2');
    const share = (body: unknown) =>
      call('POST', '/paymentRequest/sendInvoiceBy?operation=share_payment_Request&currency=EGP', body);
    expect(
      await jsonOf(
        await share({ urlIdentifier: a.paymentRequestId, customerEmail: 'a@x.io', operation: 'email' }),
      ),
    ).toEqual({ status: 'SUCCESS', message: 'Payment link email sent successfully' });
    await expectRejected(
      await share({ urlIdentifier: a.paymentRequestId, customerEmail: 'a@x.io', operation: 'phone' }),
      400,
      'KASHIER_BODY_INVALID',
    );
    const bulk = await share({
      operation: 'bulkShare',
      invoices: [
        { _id: a._id, urlIdentifier: a.paymentRequestId, customerPhoneNumber: '01063550555' },
        {
          _id: b._id,
          urlIdentifier: b.paymentRequestId,
          customerEmail: 'b@x.io',
          customerPhoneNumber: '01000725264',
        },
      ],
    });
    expect(await jsonOf(bulk)).toEqual({ status: 'SUCCESS', message: 'Payment links sent successfully' });
    expect((await get(a.paymentRequestId)).shares.map((s) => [s.channel, s.to])).toEqual([
      ['email', 'a@x.io'],
      ['phone', '01063550555'],
    ]);
    expect((await get(b.paymentRequestId)).shares).toHaveLength(2);
    // A wrong `_id` refuses the whole batch: nothing more is recorded.
    await expectRejected(
      await share({
        operation: 'bulkShare',
        invoices: [
          { _id: a._id, urlIdentifier: a.paymentRequestId, customerEmail: 'c@x.io' },
          { _id: a._id, urlIdentifier: b.paymentRequestId, customerEmail: 'c@x.io' },
        ],
      }),
      404,
      'KASHIER_INVOICE_NOT_FOUND',
    );
    expect((await get(a.paymentRequestId)).shares).toHaveLength(2);
  });

  it('deletes drafts only, cancels, marks paid, and closes the link of a cancelled invoice', async () => {
    const draft = await create('D-1', { state: 'draft' });
    const sent = await create('D-2');
    await expectRejected(
      await call('DELETE', `/paymentRequest/${MID}/${sent.paymentRequestId}`),
      400,
      'KASHIER_INVOICE_NOT_DRAFT',
    );
    const deleted = await call('DELETE', `/paymentRequest/${MID}/${draft.paymentRequestId}`);
    expect(await jsonOf(deleted)).toMatchObject({ response: { state: 'draft' }, status: 'SUCCESS' });
    await expectRejected(
      await call('GET', `/paymentRequest/${draft.paymentRequestId}`),
      404,
      'KASHIER_INVOICE_NOT_FOUND',
    );

    const edit = (id: string, body: unknown) =>
      call('PUT', `/paymentRequest/${MID}/${id}?currency=EGP&operation=edit`, body);
    const cancelled = await edit(sent.paymentRequestId, {
      operation: 'changestatus',
      paymentType: 'professional',
      state: 'cancelled',
    });
    expect(await jsonOf(cancelled)).toEqual({
      response: { merchantId: MID, paymentRequestId: sent.paymentRequestId },
      messages: { en: 'Operation performed successfully', ar: 'العملية تمت بنجاح' },
      status: 'SUCCESS',
    });
    await expectRejected(await fetch(sent.paymentLink), 409, 'KASHIER_CHECKOUT_CLOSED');
    await expectRejected(
      await edit(sent.paymentRequestId, { operation: 'changestatus', paymentStatus: 'paid' }),
      400,
      'KASHIER_INVOICE_STATUS_CONFLICT',
    );
    const other = await create('D-3');
    expect(
      (await edit(other.paymentRequestId, { operation: 'changestatus', paymentStatus: 'paid' })).status,
    ).toBe(200);
    expect((await get(other.paymentRequestId)).paymentStatus).toBe('paid');
    await expectRejected(
      await edit(other.paymentRequestId, { operation: 'changestatus', state: 'cancelled' }),
      400,
      'KASHIER_INVOICE_STATUS_CONFLICT',
    );
    await expectRejected(
      await edit(other.paymentRequestId, {
        operation: 'changestatus',
        state: 'cancelled',
        paymentStatus: 'paid',
      }),
      400,
      'KASHIER_BODY_INVALID',
    );
    await expectRejected(
      await call('DELETE', `/paymentRequest/MID-1-1/${other.paymentRequestId}`),
      400,
      'KASHIER_MERCHANT_MISMATCH',
    );
    // A viewer reads invoices but changes none.
    await expectRejected(
      await call(
        'PUT',
        `/paymentRequest/${MID}/${other.paymentRequestId}?operation=edit`,
        { operation: 'changestatus', state: 'cancelled' },
        { key: VIEWER_KEY },
      ),
      403,
      'KASHIER_PERMISSION_DENIED',
    );
  });
});
