import { createEnsuroClient } from '../../../src/ensuro/client';
import { verifyQuoteSignature, type EnsuroInstanceInfo } from '../../../src/ensuro/quote-signature';
import { API_KEY, EIP191, HMAC, PARTNER, policyBody, useEnsuroSandbox } from '../../helpers/ensuro';

describe('Ensuro typed client', () => {
  const e = useEnsuroSandbox();
  const client = (signing = EIP191) =>
    createEnsuroClient({ baseUrl: `${e.url}/api/v0`, apiKey: API_KEY, signing });
  const partner = { path: { partner: PARTNER } };

  it('quotes, creates (signed each way), resolves, replaces and cancels', async () => {
    const info = (await client().OPTIONS('/{partner}', { params: partner })).data as EnsuroInstanceInfo;
    const body = policyBody(Date.now());
    const quote = await client().POST('/{partner}/quote', { params: partner, body });
    expect(verifyQuoteSignature(quote.data as never, body, info)).toMatchObject({ ok: true });
    for (const signing of [EIP191, HMAC]) {
      const created = await client(signing).POST('/{partner}/new-policy', { params: partner, body });
      expect(created.response.status).toBe(200);
    }
    const first = await client().POST('/{partner}/new-policy', { params: partner, body });
    const id = first.data?.ensuro_id as string;
    const replaced = await client(HMAC).POST('/{partner}/replace-policy', {
      params: partner,
      body: { ...policyBody(Date.now(), 31), old_ensuro_id: id },
    });
    const newId = replaced.data?.ensuro_id as string;
    const resolved = await client().POST('/{partner}/resolve-policy', {
      params: partner,
      body: { ensuro_id: newId, payout: '10' },
    });
    expect(resolved.data).toEqual({ status: 'QUEUED' });
    const other = await client().POST('/{partner}/new-policy', { params: partner, body });
    const cancelled = await client().POST('/{partner}/cancel-policy', {
      params: partner,
      body: { ensuro_id: other.data?.ensuro_id as string },
    });
    expect(cancelled.data?.refunds.pure_premium).toBe('19.97625');
  });
});
