import { Wallet, getBytes } from 'ethers';
import { bodyDigestHex } from '../../../src/ensuro/body-digest';
import { signBodyEip191, signBodyHmac } from '../../../src/ensuro/body-signer';
import { HARDHAT_ACCOUNT_1 } from '../../../src/ensuro/test-keys';
import { API_KEY, BASE, HMAC, HMAC_SECRET, SIGNER, policyBody, useEnsuroSandbox } from '../../helpers/ensuro';
import { ensuroProvider } from '../../../mocks/ensuro/provider';
import { expectRejected, journal, revokeKey, useTestSandbox, webhookDeliveries } from '../../helpers/sandbox';

describe('Ensuro auth', () => {
  const e = useEnsuroSandbox({ authorizedSigners: ['0x0000000000000000000000000000000000000001'] });

  it('answers OPTIONS without a key', async () => {
    const response = await fetch(`${e.url}${BASE}`, { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      risk_module: '0x79D1cA16Cf39367f9d7A66974ee2627f45857029',
      signer: HARDHAT_ACCOUNT_1.address,
      decimals: 6,
      topic: 'dynamic-pricing',
    });
  });

  it('refuses another partner, on OPTIONS and on quotes', async () => {
    await expectRejected(
      await fetch(`${e.url}/api/v0/other`, { method: 'OPTIONS' }),
      404,
      'ENSURO_PARTNER_UNKNOWN',
    );
    const response = await fetch(`${e.url}/api/v0/other/quote`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify(policyBody(Date.now())),
    });
    await expectRejected(response, 404, 'ENSURO_PARTNER_UNKNOWN');
  });

  it('refuses missing, wrong and revoked keys with distinct reasons', async () => {
    const body = policyBody(Date.now());
    expect(
      await expectRejected(await e.call('quote', body, { apiKey: null }), 401, 'ENSURO_API_KEY_MISSING'),
    ).toMatchObject({ code: 401 });
    expect(
      await expectRejected(await e.call('quote', body, { apiKey: 'nope' }), 400, 'ENSURO_API_KEY_WRONG'),
    ).toMatchObject({ code: 400 });
    await revokeKey(e.url, API_KEY);
    await expectRejected(await e.call('quote', body), 401, 'ENSURO_KEY_REVOKED');
  });

  it('refuses a revoked HMAC secret and a revoked signer key', async () => {
    await revokeKey(e.url, HMAC_SECRET);
    await expectRejected(
      await e.call('new-policy', policyBody(Date.now()), { signing: HMAC }),
      401,
      'ENSURO_KEY_REVOKED',
    );
    await revokeKey(e.url, SIGNER.signerPrivateKey as string);
    await expectRejected(await e.call('new-policy', policyBody(Date.now())), 401, 'ENSURO_KEY_REVOKED');
    expect(e.sandbox.sandbox.state().policies.size).toBe(0);
  });

  it('accepts each method alone, the partner key or a further authorized signer', async () => {
    expect((await e.call('new-policy', policyBody(Date.now()))).status).toBe(200);
    expect((await e.call('new-policy', policyBody(Date.now()), { signing: HMAC })).status).toBe(200);
    expect(e.sandbox.sandbox.state().policies.size).toBe(2);
  });

  const raw = JSON.stringify(policyBody(Date.now() + 86_400_000), null, 1);
  const compact = JSON.stringify(JSON.parse(raw));
  const rawDigestSignature = new Wallet(SIGNER.signerPrivateKey as string).signMessageSync(
    getBytes(`0x${bodyDigestHex(raw)}`),
  );
  it.each([
    ['neither header', {}, 'ENSURO_SIGNATURE_MISSING'],
    [
      'both headers',
      {
        'x-ensuro-signature': signBodyHmac(raw, HMAC_SECRET),
        'x-eip191-signature': signBodyEip191(raw, SIGNER.signerPrivateKey as string),
      },
      'ENSURO_SIGNATURE_BOTH',
    ],
    ['a malformed EIP-191 value', { 'x-eip191-signature': '0xdeadbeef' }, 'ENSURO_EIP191_MALFORMED'],
    [
      'EIP-191 over re-serialised JSON',
      { 'x-eip191-signature': signBodyEip191(compact, SIGNER.signerPrivateKey as string) },
      'ENSURO_EIP191_OVER_RESERIALISED_JSON',
    ],
    [
      'EIP-191 over the raw digest bytes',
      { 'x-eip191-signature': rawDigestSignature },
      'ENSURO_EIP191_OVER_RAW_DIGEST',
    ],
    [
      'EIP-191 by a signer not authorized',
      { 'x-eip191-signature': signBodyEip191(raw, HARDHAT_ACCOUNT_1.privateKey) },
      'ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    ],
    [
      'a 0x-prefixed HMAC',
      { 'x-ensuro-signature': `0x${signBodyHmac(raw, HMAC_SECRET)}` },
      'ENSURO_HMAC_0X_PREFIX',
    ],
    [
      'an upper-case HMAC',
      { 'x-ensuro-signature': signBodyHmac(raw, HMAC_SECRET).toUpperCase() },
      'ENSURO_HMAC_UPPERCASE',
    ],
    ['a malformed HMAC', { 'x-ensuro-signature': 'xyz' }, 'ENSURO_HMAC_MALFORMED'],
    [
      'an HMAC over re-serialised JSON',
      { 'x-ensuro-signature': signBodyHmac(compact, HMAC_SECRET) },
      'ENSURO_HMAC_OVER_RESERIALISED_JSON',
    ],
    [
      'an HMAC with another secret',
      { 'x-ensuro-signature': signBodyHmac(raw, 'other') },
      'ENSURO_HMAC_MISMATCH',
    ],
  ])('refuses %s, stores nothing and sends nothing', async (_label, headers, reason) => {
    const body = await expectRejected<{ code: number }>(
      await e.call('new-policy', undefined, { raw, signing: 'none', headers }),
      400,
      reason,
    );
    expect(body.code).toBe(400);
    expect(e.sandbox.sandbox.state().policies.size).toBe(0);
    expect(await webhookDeliveries(e.url)).toEqual([]);
  });

  it('journals what was hashed and whom the signature recovers to, never the secrets', async () => {
    await e.call('new-policy', undefined, {
      raw,
      signing: 'none',
      headers: { 'x-eip191-signature': signBodyEip191(raw, HARDHAT_ACCOUNT_1.privateKey) },
    });
    await e.call('new-policy', undefined, {
      raw,
      signing: 'none',
      headers: { 'x-ensuro-signature': signBodyHmac(raw, 'other') },
    });
    const [eip191, hmac] = await journal(e.url);
    expect(eip191?.checked.auth).toMatchObject({
      EnsuroBodySignature: {
        method: 'eip191',
        bodySha256: bodyDigestHex(raw),
        recoveredAddress: HARDHAT_ACCOUNT_1.address,
      },
    });
    const text = JSON.stringify(hmac);
    expect(text).not.toContain(HMAC_SECRET);
    expect(text).not.toContain(signBodyHmac(raw, HMAC_SECRET));
    expect(text).not.toContain(API_KEY);
  });
});

describe('Ensuro auth with the documented HMAC secret', () => {
  const sandbox = useTestSandbox(ensuroProvider, { credentials: { hmacSecret: 'topsecret' } });

  it('verifies the {"foo":"bar"} / topsecret vector: the body is refused, not the signature', async () => {
    const response = await fetch(`${sandbox().url}${BASE}/new-policy`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': API_KEY,
        'x-ensuro-signature': '41deed7140512b0d351a588d05bff44dfdc58a6a038b47edf4f5e944dd1185d6',
      },
      body: '{"foo":"bar"}',
    });
    const body = await expectRejected<{ errors: string[] }>(response, 400, 'ENSURO_BODY_INVALID');
    expect(body.errors.join(' ')).toContain('payout');
    expect((await journal(sandbox().url))[0]?.checked.auth).toMatchObject({
      EnsuroBodySignature: { method: 'hmac' },
    });
  });
});
