import { expectRejected, journal, jsonOf, revokeKey } from '../../helpers/sandbox';
import { OTHER_SECRET_KEY, PUBLIC_KEY, QUOTE_BODY, SECRET_KEY, useKaskoSandbox } from '../../helpers/kasko';

describe('KASKO keys', () => {
  const kasko = useKaskoSandbox();
  const policyRead = async (options: Parameters<typeof kasko.call>[2]) => {
    const { id } = await kasko.offer();
    return kasko.call('GET', `/policies/${id}`, options);
  };

  it('takes the secret key as the Basic user name (empty password) or as a Bearer token', async () => {
    expect((await policyRead({ scheme: 'basic' })).status).toBe(200);
    expect((await policyRead({ scheme: 'bearer' })).status).toBe(200);
  });

  it('tells missing, malformed, unknown and revoked keys apart, all 401 in KASKO’s shape', async () => {
    const missing = await expectRejected(await policyRead({ key: null }), 401, 'KASKO_KEY_MISSING');
    expect(missing).toEqual({ status: 'Unauthorized', message: 'Invalid API key provided.' });
    await expectRejected(await policyRead({ key: 'not-a-key' }), 401, 'KASKO_KEY_MALFORMED');
    await expectRejected(await policyRead({ key: PUBLIC_KEY, scheme: 'bearer' }), 401, 'KASKO_KEY_MALFORMED');
    await expectRejected(
      await policyRead({ key: null, headers: { authorization: 'Token abc' } }),
      401,
      'KASKO_KEY_MALFORMED',
    );
    await expectRejected(
      await policyRead({ key: null, headers: { authorization: 'Basic %%%' } }),
      401,
      'KASKO_KEY_MALFORMED',
    );
    await expectRejected(
      await policyRead({ key: 'sk_test_unknown', scheme: 'bearer' }),
      401,
      'KASKO_KEY_UNKNOWN',
    );
    const { id } = await kasko.offer();
    await revokeKey(kasko.k.url, SECRET_KEY);
    await expectRejected(await kasko.call('GET', `/policies/${id}`), 401, 'KASKO_KEY_REVOKED');
  });

  it('refuses live keys with their own reason, in either scheme and in ?key=', async () => {
    for (const scheme of ['basic', 'bearer'] as const) {
      const body = await expectRejected<{ message: string }>(
        await policyRead({ key: 'sk_live_0123456789abcdef0123456789abcdef', scheme }),
        401,
        'KASKO_LIVE_KEY',
      );
      expect(body.message).toMatch(/live keys never work against the sandbox/i);
    }
    const quote = await kasko.call('POST', '/quotes?key=pk_live_0123', { body: QUOTE_BODY });
    await expectRejected(quote, 401, 'KASKO_LIVE_KEY');
  });

  it('needs the public key on quotes: missing, unknown and revoked are refused', async () => {
    await expectRejected(
      await kasko.call('POST', '/quotes', { body: QUOTE_BODY }),
      401,
      'KASKO_PUBLIC_KEY_MISSING',
    );
    await expectRejected(
      await kasko.call('POST', '/quotes?key=pk_test_wrong', { body: QUOTE_BODY }),
      401,
      'KASKO_PUBLIC_KEY_UNKNOWN',
    );
    await expectRejected(
      await kasko.call('POST', `/payments?key=pk_test_wrong`, {
        body: {
          token: 'x',
          policy_id: 'tpol_0000000000000000000000000000',
          method: 'invoice',
          provider: 'invoice',
        },
      }),
      401,
      'KASKO_PUBLIC_KEY_UNKNOWN',
    );
    await revokeKey(kasko.k.url, PUBLIC_KEY);
    await expectRejected(
      await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, { body: QUOTE_BODY }),
      401,
      'KASKO_KEY_REVOKED',
    );
  });

  it('refuses a revoked public key in the optional ?key= of a payment, and pays nothing (issue 17)', async () => {
    const offer = await kasko.offer();
    await revokeKey(kasko.k.url, PUBLIC_KEY);
    const body = { token: offer.payment_token, policy_id: offer.id, method: 'invoice', provider: 'invoice' };
    const refused = await kasko.call('POST', `/payments?key=${PUBLIC_KEY}`, { body });
    await expectRejected(refused, 401, 'KASKO_KEY_REVOKED');
    const [entry] = (await journal(kasko.k.url)).slice(-1);
    expect(entry?.checked).toMatchObject({ revoked: 'a revoked key in the key query parameter' });
    // Nothing was paid: the offer still takes its payment without the revoked key.
    expect((await kasko.call('POST', '/payments', { body })).status).toBe(201);
  });

  it('keeps the secret key out of the journal', async () => {
    await policyRead({ scheme: 'bearer' });
    expect(JSON.stringify(await journal(kasko.k.url))).not.toContain(SECRET_KEY);
  });
});

describe('KASKO accounts', () => {
  const kasko = useKaskoSandbox();

  it('answers another account’s policy and payment with 404, the very body of an id that never existed', async () => {
    const { id } = await kasko.paidPolicy();
    const other = { key: OTHER_SECRET_KEY };
    const hidden = await expectRejected(
      await kasko.call('GET', `/policies/${id}`, other),
      404,
      'KASKO_OBJECT_OF_ANOTHER_ACCOUNT',
    );
    const neverId = 'tpol_0000000000000000000000000000';
    const never = await expectRejected(
      await kasko.call('GET', `/policies/${neverId}`, other),
      404,
      'KASKO_POLICY_NOT_FOUND',
    );
    expect(hidden).toEqual({ ...(never as object), message: `Policy with id - ${id} not found.` });
    for (const [method, path, body] of [
      ['PATCH', `/policies/${id}`, { email: 'a@b.org' }],
      ['PUT', `/policies/${id}`, { status: 'cancelled' }],
      ['POST', `/policies/${id}/reactivate`, undefined],
    ] as const) {
      await expectRejected(
        await kasko.call(method, `${path}`, { ...other, body, headers: { 'if-match': '"2"' } }),
        404,
        'KASKO_OBJECT_OF_ANOTHER_ACCOUNT',
      );
    }
    // The owner's policy is untouched.
    expect(await jsonOf(await kasko.call('GET', `/policies/${id}`))).toMatchObject({
      status: 'paid',
      version_id: 2,
    });
  });

  it('does not let another account use a quote token or pay an offer', async () => {
    const { token } = await kasko.quote();
    const offer = await kasko.call('POST', '/policies', {
      key: OTHER_SECRET_KEY,
      body: { quote_token: token, first_name: 'A', last_name: 'B', email: 'a@b.org', language: 'en' },
    });
    await expectRejected(offer, 400, 'KASKO_QUOTE_TOKEN_INVALID');
    const mine = await kasko.offer();
    const pay = await kasko.call('POST', '/payments', {
      key: OTHER_SECRET_KEY,
      body: { token: mine.payment_token, policy_id: mine.id, method: 'invoice', provider: 'invoice' },
    });
    expect(await expectRejected(pay, 404, 'KASKO_POLICY_NOT_FOUND')).toEqual({
      status: 'Not Found',
      message: `Policy with id - ${mine.id} not found.`,
    });
    const payment = await kasko.call('GET', '/payments/t00000000000000000000000000000000');
    await expectRejected(payment, 404, 'KASKO_PAYMENT_NOT_FOUND');
  });

  it('hides a payment of another account', async () => {
    const offer = await kasko.offer();
    const paid = await jsonOf<{ id: string }>(
      await kasko.call('POST', '/payments', {
        body: { token: offer.payment_token, policy_id: offer.id, method: 'invoice', provider: 'invoice' },
      }),
    );
    const hidden = await kasko.call('GET', `/payments/${paid.id}`, { key: OTHER_SECRET_KEY });
    expect(await expectRejected(hidden, 404, 'KASKO_OBJECT_OF_ANOTHER_ACCOUNT')).toEqual({
      status: 'Not Found',
      message: `Payment with id - ${paid.id} not found.`,
    });
  });
});

describe('KASKO request ids', () => {
  const kasko = useKaskoSandbox();

  it('puts a unique X-Request-Id on every answer (errors, unknown routes, bad JSON, control) and journals it', async () => {
    const answers = [
      await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, { body: QUOTE_BODY }),
      await kasko.call('GET', '/policies/tpol_0000000000000000000000000000', { key: null }),
      await kasko.call('GET', '/nowhere'),
      await kasko.call('POST', '/policies', { raw: '{"broken' }),
      await fetch(`${kasko.k.url}/__sandbox/health`),
    ];
    const ids = answers.map((answer) => answer.headers.get('x-request-id'));
    expect(ids.every((id) => /^[0-9a-f]{32}$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const entries = await journal(kasko.k.url);
    expect(
      entries.map(
        (entry) => entry.response.headers['x-request-id'] ?? entry.response.headers['X-Request-Id'],
      ),
    ).toEqual(expect.arrayContaining(ids.slice(0, 4)));
  });
});
