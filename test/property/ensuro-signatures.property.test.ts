import fc from 'fast-check';
import { signBodyEip191, signBodyHmac } from '../../src/ensuro/body-signer';
import { verifyEnsuroBodySignature } from '../../src/ensuro/body-verifier';
import { signQuote, verifyQuoteSignature } from '../../src/ensuro/quote-signature';
import { HARDHAT_ACCOUNT_0, HARDHAT_ACCOUNT_1 } from '../../src/ensuro/test-keys';
import { formatAmount, parseAmount } from '../../src/ensuro/units';

const KEYS = { hmacSecret: 'secret', authorizedSigners: [HARDHAT_ACCOUNT_0.address] };
const body = fc.string({ minLength: 1, maxLength: 200 });
const verify = (headers: Record<string, string>, raw: string) =>
  verifyEnsuroBodySignature({ headers, rawBody: Buffer.from(raw) }, KEYS);

describe('Ensuro body signatures (properties)', () => {
  it('the HMAC signer signs what the verifier accepts; any other body is refused', () => {
    fc.assert(
      fc.property(body, body, (raw, other) => {
        const headers = { 'x-ensuro-signature': signBodyHmac(raw, 'secret') };
        expect(verify(headers, raw).ok).toBe(true);
        if (other !== raw) expect(verify(headers, other).ok).toBe(false);
      }),
    );
  });

  it('the EIP-191 signer signs what the verifier accepts; any other body is refused', () => {
    fc.assert(
      fc.property(body, body, (raw, other) => {
        const headers = { 'x-eip191-signature': signBodyEip191(raw, HARDHAT_ACCOUNT_0.privateKey) };
        expect(verify(headers, raw).ok).toBe(true);
        if (other !== raw) expect(verify(headers, other).ok).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('never throws on any header value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), fc.boolean(), (value, eip191) => {
        const header = eip191 ? 'x-eip191-signature' : 'x-ensuro-signature';
        expect(verify({ [header]: value }, '{}').ok).toBe(false);
      }),
    );
  });
});

describe('Ensuro quotes (properties)', () => {
  const instance = {
    risk_module: '0x79D1cA16Cf39367f9d7A66974ee2627f45857029',
    signer: HARDHAT_ACCOUNT_1.address,
    decimals: 6,
  };
  it('a signed quote verifies; another payout or expiration is refused', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 2 ** 40 - 2 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
        (payout, expiration, hash, bucketId) => {
          const dataHash = `0x${Buffer.from(hash).toString('hex')}`;
          const terms = {
            riskModule: instance.risk_module,
            payout,
            premium: payout / 10n + 1n,
            lossProb: 10n ** 17n,
            expiration,
            dataHash,
            validUntil: 1_900_000_000,
            ...(bucketId === undefined ? {} : { bucketId }),
          };
          const quote = {
            data_hash: dataHash,
            loss_prob: '0.1',
            premium: formatAmount(terms.premium, 6),
            bucket_id: bucketId ?? null,
            valid_until: terms.validUntil,
            signature: signQuote(terms, HARDHAT_ACCOUNT_1.privateKey),
          };
          const request = { payout: formatAmount(payout, 6), expiration };
          expect(verifyQuoteSignature(quote, request, instance).ok).toBe(true);
          expect(verifyQuoteSignature(quote, { ...request, expiration: expiration + 1 }, instance).ok).toBe(
            false,
          );
          expect(
            verifyQuoteSignature(quote, { ...request, payout: formatAmount(payout + 1n, 6) }, instance).ok,
          ).toBe(false);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('amounts round-trip through format and parse', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 21n - 1n }), (units) => {
        expect(parseAmount(formatAmount(units, 6), 6)).toEqual({ ok: true, value: units });
      }),
    );
  });
});
