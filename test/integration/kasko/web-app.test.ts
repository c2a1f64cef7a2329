/**
 * What KASKO's browser web app does: it holds only the public key, pays with the card and PayPal providers
 * its product configuration lists, announces uploads and saves leads.
 */
import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { OTHER_SECRET_KEY, offerBody, PUBLIC_KEY, QUOTE_BODY, useKaskoSandbox } from '../../helpers/kasko';

/** A card payment of an offer through Stripe's PaymentIntents, with a Stripe test instrument. */
const cardPayment = (offer: { id: string; payment_token: string }, paymentMethod: string) => ({
  token: offer.payment_token,
  policy_id: offer.id,
  method: 'creditcard',
  provider: 'stripe_intents',
  metadata: { payment_method: paymentMethod },
});

interface Payment {
  status: string;
  method: string;
  provider: string;
  charge_id: string | null;
}

describe('KASKO payments with the web app’s methods and providers', () => {
  const kasko = useKaskoSandbox();
  const pay = async (metadata: Record<string, unknown>, method: string, provider: string) => {
    const offer = await kasko.offer();
    const response = await kasko.call('POST', '/payments', {
      body: { token: offer.payment_token, policy_id: offer.id, method, provider, metadata },
    });
    return { offer, response };
  };

  it('pays by card through stripe_intents and stripe with Stripe’s test instruments, with the provider’s charge id', async () => {
    const intents = await pay({ payment_method: 'pm_card_visa' }, 'creditcard', 'stripe_intents');
    expect(intents.response.status).toBe(201);
    expect(await jsonOf<Payment>(intents.response)).toMatchObject({
      status: 'ok',
      method: 'creditcard',
      provider: 'stripe_intents',
      charge_id: expect.stringMatching(/^pi_[A-Za-z0-9]{24}$/),
    });
    const charge = await pay({ payment_method: 'tok_visa' }, 'creditcard', 'stripe');
    expect((await jsonOf<Payment>(charge.response)).charge_id).toMatch(/^ch_[A-Za-z0-9]{24}$/);
    const read = await kasko.call('GET', `/policies/${intents.offer.id}`);
    expect(await jsonOf(read)).toMatchObject({ status: 'paid' });
  });

  it('declines Stripe’s decline instruments with 402, stores nothing and leaves the offer payable', async () => {
    const { offer, response } = await pay(
      { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' },
      'creditcard',
      'stripe_intents',
    );
    expect(await expectRejected(response, 402, 'KASKO_PAYMENT_DECLINED')).toEqual({
      status: 'Payment Required',
      message: 'Your card was declined.',
      errors: [{ code: 'insufficient_funds', field: 'metadata.payment_method' }],
    });
    expect(await jsonOf(await kasko.call('GET', `/policies/${offer.id}`))).toMatchObject({
      status: 'pending',
    });
    const retried = await kasko.call('POST', '/payments', {
      body: cardPayment(offer, 'pm_card_mastercard'),
    });
    expect(retried.status).toBe(201);
  });

  it('pays with PayPal (paypal and paypal_direct) and declines the sandbox buyer named declined', async () => {
    for (const provider of ['paypal', 'paypal_direct']) {
      const { response } = await pay({ payer_email: 'buyer@example.com' }, 'paypal', provider);
      expect(await jsonOf<Payment>(response)).toMatchObject({
        provider,
        charge_id: expect.stringMatching(/^[A-Z0-9]{17}$/),
      });
    }
    const declined = await pay({ payer_email: 'declined@example.com' }, 'paypal', 'paypal_direct');
    const body = await expectRejected<{ errors: unknown }>(declined.response, 402, 'KASKO_PAYMENT_DECLINED');
    expect(body.errors).toEqual([{ code: 'instrument_declined', field: 'metadata.payer_email' }]);
  });

  it('refuses a provider of another method and a missing or unknown instrument with 400', async () => {
    const mismatch = await pay({ payer_email: 'buyer@example.com' }, 'creditcard', 'paypal_direct');
    await expectRejected(mismatch.response, 400, 'KASKO_PAYMENT_PROVIDER_MISMATCH');
    for (const metadata of [{}, { payment_method: 'pm_card_unknownBrand' }, { payment_method: '4111' }]) {
      const { response } = await pay(metadata, 'creditcard', 'stripe');
      const body = await expectRejected<{ errors: unknown }>(
        response,
        400,
        'KASKO_PAYMENT_INSTRUMENT_INVALID',
      );
      expect(body.errors).toEqual([{ code: 'invalid_value', field: 'metadata.payment_method' }]);
    }
    const noPayer = await pay({}, 'paypal', 'paypal');
    await expectRejected(noPayer.response, 400, 'KASKO_PAYMENT_INSTRUMENT_INVALID');
  });
});

describe('KASKO calls with the public key only', () => {
  const kasko = useKaskoSandbox();
  const pkOnly = { key: null } as const;

  it('quotes, offers and pays with only ?key=, for the default account', async () => {
    const quote = await jsonOf<{ token: string }>(
      await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, { ...pkOnly, body: QUOTE_BODY }),
    );
    const offered = await kasko.call('POST', `/policies?key=${PUBLIC_KEY}`, {
      ...pkOnly,
      body: offerBody(quote.token),
    });
    expect(offered.status).toBe(201);
    const offer = await jsonOf<{ id: string; payment_token: string }>(offered);
    const paid = await kasko.call('POST', `/payments?key=${PUBLIC_KEY}`, {
      ...pkOnly,
      body: cardPayment(offer, 'pm_card_visa'),
    });
    expect(paid.status).toBe(201);
    // The default account's secret key sees it; another account's does not.
    expect(await jsonOf(await kasko.call('GET', `/policies/${offer.id}`))).toMatchObject({ status: 'paid' });
    expect((await kasko.call('GET', `/policies/${offer.id}`, { key: OTHER_SECRET_KEY })).status).toBe(404);
  });

  it('refuses the secret-key operations with 403 in KASKO’s shape', async () => {
    const { id } = await kasko.paidPolicy();
    const read = await kasko.call('GET', `/policies/${id}?key=${PUBLIC_KEY}`, pkOnly);
    expect(await expectRejected(read, 403, 'KASKO_PUBLIC_KEY_NOT_ALLOWED')).toEqual({
      status: 'Forbidden',
      message: 'This request needs the secret key; the public key may not make it.',
    });
    const cancel = await kasko.call('PUT', `/policies/${id}?key=${PUBLIC_KEY}`, {
      ...pkOnly,
      body: { status: 'cancelled' },
      headers: { 'if-match': '"2"' },
    });
    await expectRejected(cancel, 403, 'KASKO_PUBLIC_KEY_NOT_ALLOWED');
    // Still unchanged for the owner.
    expect(await jsonOf(await kasko.call('GET', `/policies/${id}`))).toMatchObject({ status: 'paid' });
    // A wrong public key alone is no public key: the secret key is missing.
    const wrong = await kasko.call('GET', `/policies/${id}?key=pk_test_wrong`, pkOnly);
    await expectRejected(wrong, 401, 'KASKO_KEY_MISSING');
  });

  it('judges a request that also carries a secret key on that key, not on the public key beside it', async () => {
    const quote = await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, {
      key: 'sk_test_notAnAccount',
      body: QUOTE_BODY,
    });
    await expectRejected(quote, 401, 'KASKO_KEY_UNKNOWN');
  });

  it('refuses an unknown public key where it alone would do', async () => {
    const media = await kasko.call('POST', '/v2/media?key=pk_test_wrong', {
      ...pkOnly,
      body: { designation: 'receipt', name: 'r.pdf', mime_type: 'application/pdf', file_size: 5 },
    });
    await expectRejected(media, 401, 'KASKO_PUBLIC_KEY_UNKNOWN');
  });
});

describe('KASKO media and leads', () => {
  const kasko = useKaskoSandbox();
  const pkOnly = { key: null } as const;

  it('announces a file with the public key: 200, med_ + 32 hex, not uploaded, the fields echoed', async () => {
    const fields = {
      designation: 'receipt',
      name: 'receipt.pdf',
      mime_type: 'application/pdf',
      file_size: 5,
    };
    const response = await kasko.call('POST', `/v2/media?key=${PUBLIC_KEY}`, { ...pkOnly, body: fields });
    expect(response.status).toBe(200);
    expect(await jsonOf(response)).toEqual({
      id: expect.stringMatching(/^med_[0-9a-f]{32}$/),
      is_uploaded: false,
      ...fields,
    });
    const bad = await kasko.call('POST', '/v2/media', { body: { ...fields, file_size: 0 } });
    await expectRejected(bad, 400, 'KASKO_BODY_INVALID');
  });

  it('saves a lead with the public key, checking its quote token as an offer does', async () => {
    const { token } = await kasko.quote();
    const response = await kasko.call('POST', `/leads?key=${PUBLIC_KEY}`, {
      ...pkOnly,
      body: { email: 'ada@example.com', first_name: 'Ada', quote_token: token, data: { item_value: 1 } },
    });
    expect(response.status).toBe(201);
    expect(await jsonOf(response)).toMatchObject({
      id: expect.stringMatching(/^lead_[0-9a-f]{28}$/),
      livemode: false,
      email: 'ada@example.com',
      first_name: 'Ada',
      last_name: null,
      quote_token: token,
      data: { item_value: 1 },
    });
    const unknown = await kasko.call('POST', '/leads', { body: { email: 'a@b.org', quote_token: 'nope' } });
    await expectRejected(unknown, 400, 'KASKO_QUOTE_TOKEN_INVALID');
    const noEmail = await kasko.call('POST', '/leads', { body: { first_name: 'Ada' } });
    await expectRejected(noEmail, 400, 'KASKO_BODY_INVALID');
  });
});
