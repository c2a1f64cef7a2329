/**
 * Signatures over HTTP. Regressions (issue 17, finding 6): a body signature is parsed strictly before anything
 * else, and a body too deep is refused before its signature is looked at; always Ensuro's 400 shape with a reason,
 * never a 5xx. And the pricer's signatures are the library's deterministic ones.
 */
import { recoverAddress, Signature } from 'ethers';
import { signBodyEip191 } from '../../../src/ensuro/body-signer';
import { signQuote } from '../../../src/ensuro/quote-signature';
import { HARDHAT_ACCOUNT_1 } from '../../../src/ensuro/test-keys';
import { parseAmount, parseProbability } from '../../../src/ensuro/units';
import { BASE, EIP191, HMAC, SIGNER, policyBody, useEnsuroSandbox } from '../../helpers/ensuro';
import { expectRejected } from '../../helpers/sandbox';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const word = (value: bigint) => value.toString(16).padStart(64, '0');

describe('Ensuro body signatures, read strictly', () => {
  const e = useEnsuroSandbox();
  const body = policyBody(Date.now());
  const raw = JSON.stringify(body);
  const good = signBodyEip191(raw, SIGNER.signerPrivateKey as string);
  const [r, s, v] = [good.slice(2, 66), BigInt(`0x${good.slice(66, 130)}`), good.slice(130)];
  const flipped = v === '1b' ? '1c' : '1b';

  it('accepts the signature ethers makes (the baseline of the cases below)', async () => {
    const response = await e.call('new-policy', body, {
      raw,
      signing: 'none',
      headers: { 'x-eip191-signature': good },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['v = 0', `0x${r}${word(s)}00`],
    ['v = 1', `0x${r}${word(s)}01`],
    ['v = 37 (EIP-155)', `0x${r}${word(s)}25`],
    ['v = 38 (EIP-155)', `0x${r}${word(s)}26`],
    ['s above the curve order', `0x${r}${word(N + 1n)}${v}`],
    ['s = 2^256 - 1', `0x${r}${'f'.repeat(64)}${v}`],
    ['the high-s twin of a valid signature', `0x${r}${word(N - s)}${flipped}`],
  ])('refuses %s: 400 ENSURO_EIP191_MALFORMED in Ensuro’s shape', async (_label, signature) => {
    const response = await e.call('new-policy', body, {
      raw,
      signing: 'none',
      headers: { 'x-eip191-signature': signature },
    });
    expect(await expectRejected(response, 400, 'ENSURO_EIP191_MALFORMED')).toMatchObject({
      code: 400,
      message: expect.stringMatching(/^Invalid input/) as unknown,
    });
    expect(e.sandbox.sandbox.state().policies.size).toBe(0);
  });

  it.each([
    [
      'a wrong EIP-191 signature',
      { 'x-eip191-signature': signBodyEip191('{}', HARDHAT_ACCOUNT_1.privateKey) },
    ],
    ['a wrong HMAC', { 'x-ensuro-signature': 'a'.repeat(64) }],
    ['no signature', {}],
  ])('refuses a body nested 5,000 deep with %s: 400 ENSURO_BODY_TOO_DEEP', async (_label, headers) => {
    const deep = `{"payout":"1","expiration":1,"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const response = await e.call('new-policy', null, { raw: deep, signing: 'none', headers });
    expect(await expectRejected(response, 400, 'ENSURO_BODY_TOO_DEEP')).toMatchObject({ code: 400 });
  });

  it('refuses a deep body even when it is signed right', async () => {
    const deep = `{"payout":"1","expiration":1,"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const signing of [EIP191, HMAC]) {
      const response = await e.call('new-policy', null, { raw: deep, signing });
      await expectRejected(response, 400, 'ENSURO_BODY_TOO_DEEP');
    }
  });
});

describe('Ensuro pricer signatures over HTTP', () => {
  const e = useEnsuroSandbox();
  const units = (text: string, decimals = 6) => {
    const parsed = decimals === 18 ? parseProbability(text) : parseAmount(text, decimals);
    if (!parsed.ok) throw new Error(parsed.detail);
    return parsed.value;
  };

  it('answers, for a quote’s terms, the very signature signQuote gives (RFC 6979: byte for byte)', async () => {
    const info = (await (await fetch(`${e.url}${BASE}`, { method: 'OPTIONS' })).json()) as {
      risk_module: string;
      signer: string;
    };
    expect(info.signer).toBe(HARDHAT_ACCOUNT_1.address);
    const quote = (await (await e.call('quote', policyBody(Date.now()), { signing: 'none' })).json()) as {
      data_hash: string;
      loss_prob: string;
      premium: string;
      expiration: number;
      valid_until: number;
      signature: { hash: string; r: string; vs: string };
    };
    const terms = {
      riskModule: info.risk_module,
      payout: units('190.25'),
      premium: units(quote.premium),
      lossProb: units(quote.loss_prob, 18),
      expiration: quote.expiration,
      dataHash: quote.data_hash,
      validUntil: quote.valid_until,
    };
    expect(signQuote(terms, HARDHAT_ACCOUNT_1.privateKey)).toEqual(quote.signature);
    const joined = Signature.from({ r: quote.signature.r, yParityAndS: quote.signature.vs }).serialized;
    expect(recoverAddress(quote.signature.hash, joined)).toBe(HARDHAT_ACCOUNT_1.address);
  });

  it('signs a cancellation as the pricer', async () => {
    const created = (await (await e.call('new-policy', policyBody(Date.now()))).json()) as {
      ensuro_id: string;
    };
    const response = await e.call('cancel-policy', { ensuro_id: created.ensuro_id });
    expect(response.status).toBe(200);
    const { signature } = (await response.json()) as { signature: { hash: string; r: string; vs: string } };
    const joined = Signature.from({ r: signature.r, yParityAndS: signature.vs }).serialized;
    expect(recoverAddress(signature.hash, joined)).toBe(HARDHAT_ACCOUNT_1.address);
  });
});
