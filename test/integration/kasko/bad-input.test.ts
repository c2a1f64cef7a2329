/**
 * Bad input to the KASKO mock over real HTTP: the right 4xx in KASKO's error shape, never a 5xx, and
 * nothing stored.
 */
import fc from 'fast-check';
import { expectRejected, journal } from '../../helpers/sandbox';
import { offerBody, PUBLIC_KEY, useKaskoSandbox } from '../../helpers/kasko';

describe('KASKO mock: bad input', () => {
  const kasko = useKaskoSandbox();
  const stored = () => {
    const state = kasko.k.sandbox.state();
    return state.quotes.size + state.policies.size + state.payments.size;
  };
  let before = 0;
  beforeEach(() => {
    before = stored();
  });
  afterEach(async () => {
    expect(stored()).toBe(before);
    expect((await journal(kasko.k.url)).filter((entry) => entry.status >= 500)).toEqual([]);
  });

  it('names each invalid field with a code', async () => {
    const response = await kasko.call('POST', `/quotes?key=${PUBLIC_KEY}`, {
      body: { item_id: 7, integration_id: 'in_x', data: {}, extra: true },
    });
    const body = await expectRejected<{ errors: unknown[] }>(response, 400, 'KASKO_BODY_INVALID');
    expect(body).toMatchObject({ status: 'Bad Request', message: 'Data validation failed.' });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { code: 'invalid_value', field: 'item_id' },
        { code: 'required', field: 'subscription_plan_id' },
        { code: 'unknown_field', field: 'extra' },
      ]),
    );
  });

  it('refuses malformed JSON, a wrong media type and a bad path id', async () => {
    await expectRejected(
      await kasko.call('POST', '/policies', { raw: '{"quote_token":' }),
      400,
      'KASKO_MALFORMED_JSON',
    );
    const form = await kasko.call('POST', '/policies', {
      raw: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectRejected(form, 415, 'KASKO_UNSUPPORTED_MEDIA_TYPE');
    await expectRejected(await kasko.call('GET', '/policies/not-an-id'), 404, 'KASKO_PATH_INVALID');
    const cancel = await kasko.call('PUT', '/policies/tpol_0000000000000000000000000000', {
      body: { status: 'active' },
      headers: { 'if-match': '"1"' },
    });
    await expectRejected(cancel, 400, 'KASKO_BODY_INVALID');
    const emptyUpdate = await kasko.call('PATCH', '/policies/tpol_0000000000000000000000000000', {
      body: {},
      headers: { 'if-match': '"1"' },
    });
    await expectRejected(emptyUpdate, 400, 'KASKO_BODY_INVALID');
    const unknown = await kasko.call('PATCH', '/policies/tpol_0000000000000000000000000000', {
      body: { email: 'a@b.org' },
      headers: { 'if-match': '"1"' },
    });
    await expectRejected(unknown, 404, 'KASKO_POLICY_NOT_FOUND');
    const reactivate = await kasko.call('POST', '/policies/tpol_0000000000000000000000000000/reactivate');
    await expectRejected(reactivate, 404, 'KASKO_POLICY_NOT_FOUND');
  });

  it('never answers arbitrary offer, payment and quote bodies with a 5xx, and stores none of them', async () => {
    const bodies = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.record(
        {
          quote_token: fc.oneof(fc.string(), fc.constant('')),
          first_name: fc.string(),
          last_name: fc.string(),
          email: fc.oneof(fc.emailAddress(), fc.string()),
          language: fc.string({ maxLength: 3 }),
          data: fc.jsonValue({ maxDepth: 3 }),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/policies', '/payments', `/quotes?key=${PUBLIC_KEY}`),
        bodies,
        async (path, body) => {
          const response = await kasko.call('POST', path, { body });
          await response.text();
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an offer whose fields are fine but whose quote token is not', async () => {
    const response = await kasko.call('POST', '/policies', { body: offerBody('0'.repeat(64)) });
    await expectRejected(response, 400, 'KASKO_QUOTE_TOKEN_INVALID');
  });
});
