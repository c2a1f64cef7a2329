import { expectRejected, jsonOf, setClock } from '../../helpers/sandbox';
import { offerBody, PUBLIC_KEY, QUOTE_BODY, useKaskoSandbox } from '../../helpers/kasko';

describe('KASKO quote → offer → payment → policy', () => {
  const kasko = useKaskoSandbox();

  it('quotes in integer cents, v3 by Accept, with a test-mode offer and an asynchronously paid policy', async () => {
    const quote = await jsonOf<{
      token: string;
      gross_payment_amount: number;
      extra_data: Record<string, number>;
    }>(await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, { body: QUOTE_BODY }));
    expect(quote.gross_payment_amount).toBe(11000);
    expect(quote.extra_data).toEqual({
      gross_premium: 11000,
      premium_tax: 1000,
      net_premium: 10000,
      tax_rate: 0.1,
    });

    const offered = await kasko.call('POST', '/policies', { body: offerBody(quote.token) });
    expect(offered.status).toBe(201);
    const offer = await jsonOf<{
      id: string;
      insurer_policy_id: string;
      payment_token: string;
      livemode: boolean;
    }>(offered);
    expect(offer.id).toMatch(/^tpol_[0-9a-f]{28}$/);
    expect(offer.insurer_policy_id).toMatch(/^TEST-/);
    expect(offer.livemode).toBe(false);

    const pending = await jsonOf<{ status: string }>(await kasko.call('GET', `/policies/${offer.id}`));
    expect(pending.status).toBe('pending');

    const paid = await kasko.call('POST', '/payments', {
      body: { token: offer.payment_token, policy_id: offer.id, method: 'invoice', provider: 'invoice' },
    });
    expect(paid.status).toBe(201);
    const payment = await jsonOf<{ id: string; status: string; livemode: boolean }>(paid);
    expect(payment).toMatchObject({ status: 'ok', livemode: false });

    const read = await kasko.call('GET', `/policies/${offer.id}`);
    expect(await jsonOf(read)).toMatchObject({ status: 'paid', version_id: 2 });
    expect(read.headers.get('etag')).toBe('"2"');
    expect((await kasko.call('GET', `/payments/${payment.id}`)).status).toBe(200);
  });

  it('answers the older GET quote in the v2 shape, and the v1 shape without a versioned Accept', async () => {
    const data = encodeURIComponent(JSON.stringify({ item_value: 100000 }));
    const path = `/quotes?key=${PUBLIC_KEY}&item_id=${QUOTE_BODY.item_id}&data=${data}`;
    expect(await jsonOf(await kasko.call('GET', path))).toMatchObject({ gross_payment_amount: 5500 });
    const v1 = await jsonOf<{ signature: string; currency: string }>(
      await kasko.call('GET', path, { accept: null }),
    );
    expect(v1).toMatchObject({ gross_premium: 5500, currency: 'eur', signature: expect.any(String) });
    const bad = await kasko.call(
      'GET',
      `/quotes?key=${PUBLIC_KEY}&item_id=${QUOTE_BODY.item_id}&data=%5B1%5D`,
    );
    expect(await expectRejected(bad, 400, 'KASKO_QUOTE_DATA_INVALID')).toEqual({
      status: 'Bad Request',
      message: 'Data validation failed.',
      errors: [{ code: 'invalid_value', field: 'data' }],
    });
  });

  it('refuses an unknown product key with 404', async () => {
    const response = await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, {
      body: { ...QUOTE_BODY, item_id: 'ins_nope' },
    });
    await expectRejected(response, 404, 'KASKO_PRODUCT_KEY_UNKNOWN');
  });

  it('expires a quote token on the sandbox clock', async () => {
    await setClock(kasko.k.url, { now: '2030-01-01T00:00:00Z' });
    const { token } = await kasko.quote();
    await setClock(kasko.k.url, { advanceSeconds: 3600 });
    const body = await expectRejected(
      await kasko.call('POST', '/policies', { body: offerBody(token) }),
      400,
      'KASKO_QUOTE_TOKEN_EXPIRED',
    );
    expect(body).toMatchObject({ errors: [{ code: 'expired', field: 'quote_token' }] });
    const unknown = await kasko.call('POST', '/policies', { body: offerBody('nope') });
    await expectRejected(unknown, 400, 'KASKO_QUOTE_TOKEN_INVALID');
  });

  it('pays an offer once, with its own token only', async () => {
    const offer = await kasko.offer();
    const pay = (token: string) =>
      kasko.call('POST', '/payments', {
        body: { token, policy_id: offer.id, method: 'invoice', provider: 'invoice' },
      });
    await expectRejected(await pay('wrong'), 400, 'KASKO_PAYMENT_TOKEN_INVALID');
    expect((await pay(offer.payment_token)).status).toBe(201);
    await expectRejected(await pay(offer.payment_token), 409, 'KASKO_OFFER_ALREADY_PAID');
  });

  it('takes the optional public key on a payment, and settles it by the next read by default', async () => {
    const offer = await kasko.offer();
    const payment = await kasko.call('POST', `/payments?key=${PUBLIC_KEY}`, {
      body: {
        token: offer.payment_token,
        policy_id: offer.id,
        method: 'distributor',
        provider: 'distributor',
      },
    });
    expect(payment.status).toBe(201);
    expect(await jsonOf(await kasko.call('GET', `/policies/${offer.id}`))).toMatchObject({ status: 'paid' });
  });

  it('updates, cancels (then refuses changes) and reactivates a policy, conditionally', async () => {
    const { id } = await kasko.paidPolicy();
    const etag = (await kasko.call('GET', `/policies/${id}`)).headers.get('etag') as string;
    const updated = await kasko.call('PATCH', `/policies/${id}`, {
      body: { email: 'ada@lovelace.org' },
      headers: { 'if-match': etag },
    });
    expect(updated.status).toBe(200);
    expect(await jsonOf(updated)).toMatchObject({ email: 'ada@lovelace.org', version_id: 3 });
    const current = updated.headers.get('etag') as string;
    expect(current).toBe('"3"');

    await expectRejected(
      await kasko.call('PATCH', `/policies/${id}`, {
        body: { email: 'x@y.org' },
        headers: { 'if-match': etag },
      }),
      412,
      'KASKO_PRECONDITION_FAILED',
    );
    await expectRejected(
      await kasko.call('PATCH', `/policies/${id}`, { body: { email: 'x@y.org' } }),
      428,
      'KASKO_PRECONDITION_REQUIRED',
    );

    const lastModified = updated.headers.get('last-modified') as string;
    const cancelled = await kasko.call('PUT', `/policies/${id}`, {
      body: { status: 'cancelled', cancellation_reason: 'customer request' },
      headers: { 'if-unmodified-since': lastModified },
    });
    expect(await jsonOf(cancelled)).toMatchObject({
      status: 'cancelled',
      cancellation_reason: 'customer request',
    });
    const afterCancel = cancelled.headers.get('etag') as string;
    await expectRejected(
      await kasko.call('PATCH', `/policies/${id}`, {
        body: { first_name: 'A' },
        headers: { 'if-match': afterCancel },
      }),
      409,
      'KASKO_POLICY_CANCELLED',
    );
    await expectRejected(
      await kasko.call('PUT', `/policies/${id}`, {
        body: { status: 'cancelled' },
        headers: { 'if-match': afterCancel },
      }),
      409,
      'KASKO_POLICY_CANCELLED',
    );
    const reactivated = await kasko.call('POST', `/policies/${id}/reactivate`);
    expect(await jsonOf(reactivated)).toMatchObject({ status: 'paid', cancelled_at: null });
    await expectRejected(
      await kasko.call('POST', `/policies/${id}/reactivate`),
      409,
      'KASKO_POLICY_NOT_CANCELLED',
    );
  });

  it('refuses a cancelled offer’s payment', async () => {
    const offer = await kasko.offer();
    const etag = (await kasko.call('GET', `/policies/${offer.id}`)).headers.get('etag') as string;
    await kasko.call('PUT', `/policies/${offer.id}`, {
      body: { status: 'cancelled' },
      headers: { 'if-match': etag },
    });
    const pay = await kasko.call('POST', '/payments', {
      body: { token: offer.payment_token, policy_id: offer.id, method: 'invoice', provider: 'invoice' },
    });
    await expectRejected(pay, 409, 'KASKO_POLICY_CANCELLED');
  });

  it('refuses offer and policy requests without the v2 media type with 406', async () => {
    const { id } = await kasko.offer();
    const response = await kasko.call('GET', `/policies/${id}`, { accept: 'application/json' });
    expect(await expectRejected(response, 406, 'KASKO_MEDIA_TYPE_NOT_ACCEPTABLE')).toMatchObject({
      status: 'Not Acceptable',
    });
  });
});

describe('KASKO settlement delay', () => {
  const kasko = useKaskoSandbox({ paymentSettlementSeconds: 60 });

  it('reads as pending until the sandbox clock passes the settlement time', async () => {
    await setClock(kasko.k.url, { now: '2030-01-01T00:00:00Z' });
    const { id } = await kasko.paidPolicy();
    expect(await jsonOf(await kasko.call('GET', `/policies/${id}`))).toMatchObject({ status: 'pending' });
    await setClock(kasko.k.url, { advanceSeconds: 60 });
    const read = await kasko.call('GET', `/policies/${id}`);
    expect(await jsonOf(read)).toMatchObject({ status: 'paid' });
    expect(read.headers.get('last-modified')).toBe('Tue, 01 Jan 2030 00:01:00 GMT');
  });
});
