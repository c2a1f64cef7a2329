import { Signature, SigningKey, Wallet, getBytes, hashMessage, verifyMessage } from 'ethers';
import { HARDHAT_ACCOUNT_0, HARDHAT_ACCOUNT_1 } from './test-keys';
import {
  MAX_UINT256,
  bucketIdOf,
  quoteHash,
  quoteMessage,
  signQuote,
  verifyQuoteSignature,
  type QuoteTerms,
} from './quote-signature';

const RM = '0x79D1cA16Cf39367f9d7A66974ee2627f45857029';
const TERMS: QuoteTerms = {
  riskModule: RM,
  payout: 190_250_000n,
  premium: 19_900_000n,
  lossProb: 105_000_000_000_000_000n,
  expiration: 1_666_906_567,
  dataHash: `0x${'0a'.repeat(32)}`,
  validUntil: 1_665_447_869,
};
const INSTANCE = { risk_module: RM, signer: HARDHAT_ACCOUNT_1.address, decimals: 6 };
const REQUEST = { payout: '190.25', expiration: '2022-10-27T21:36:07.211025Z' };

/** The smallest high s (half the curve order, plus one): still below 2^255, so vs can carry it; refused on chain. */
const HIGH_S = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1n;

function highS(signature: { hash: string; r: string; vs: string }) {
  return { ...signature, vs: `0x${HIGH_S.toString(16).padStart(64, '0')}` };
}

function answer(terms: QuoteTerms, premium: string | null = '19.9') {
  return {
    data_hash: terms.dataHash,
    loss_prob: '0.105',
    premium,
    bucket_id: terms.bucketId ?? null,
    valid_until: terms.validUntil,
    signature: signQuote(terms, HARDHAT_ACCOUNT_1.privateKey),
  };
}

describe('quote layout', () => {
  it('is 158 packed bytes, 190 with a bucket', () => {
    expect(getBytes(quoteMessage(TERMS))).toHaveLength(158);
    expect(getBytes(quoteMessage({ ...TERMS, bucketId: 'Bucket1' }))).toHaveLength(190);
  });

  it('refuses values that do not fit their type', () => {
    expect(() => quoteMessage({ ...TERMS, expiration: 2 ** 40 })).toThrow();
    expect(() => quoteMessage({ ...TERMS, payout: -1n })).toThrow();
    expect(() => quoteMessage({ ...TERMS, dataHash: '0x12' })).toThrow();
  });

  it('has the bucket id as keccak256 of its name', () => {
    expect(bucketIdOf('Brushfire').toString(16)).toMatch(/^19b4828a/);
  });

  it('signs so that ethers recovers the pricer from the message and from r / vs', () => {
    const signature = signQuote(TERMS, HARDHAT_ACCOUNT_1.privateKey);
    expect(signature.r).toMatch(/^0x[0-9a-f]{64}$/);
    expect(signature.vs).toMatch(/^0x[0-9a-f]{64}$/);
    expect(verifyQuoteSignature(answer(TERMS), REQUEST, INSTANCE)).toEqual({
      ok: true,
      hash: signature.hash,
    });
    const joined = Signature.from({ r: signature.r, yParityAndS: signature.vs }).serialized;
    expect(verifyMessage(getBytes(quoteMessage(TERMS)), joined)).toBe(HARDHAT_ACCOUNT_1.address);
  });

  it('signs deterministically (RFC 6979): the same terms and key give byte-identical signatures, as ethers signs', async () => {
    for (const terms of [TERMS, { ...TERMS, bucketId: 'Bucket1' }, { ...TERMS, premium: MAX_UINT256 }]) {
      const first = signQuote(terms, HARDHAT_ACCOUNT_1.privateKey);
      expect(signQuote({ ...terms }, HARDHAT_ACCOUNT_1.privateKey)).toEqual(first);
      const packed = getBytes(quoteMessage(terms));
      const byEthers = Signature.from(await new Wallet(HARDHAT_ACCOUNT_1.privateKey).signMessage(packed));
      expect(first).toEqual({ hash: hashMessage(packed), r: byEthers.r, vs: byEthers.yParityAndS });
      expect(quoteHash(terms)).toBe(first.hash);
      expect(new SigningKey(HARDHAT_ACCOUNT_1.privateKey).sign(hashMessage(packed)).yParityAndS).toBe(
        first.vs,
      );
    }
  });
});

describe('verifyQuoteSignature', () => {
  it('accepts bucket quotes and null premiums', () => {
    const bucket = { ...TERMS, bucketId: 'Bucket1' };
    expect(verifyQuoteSignature(answer(bucket), REQUEST, INSTANCE).ok).toBe(true);
    const minimum = { ...TERMS, premium: MAX_UINT256 };
    expect(verifyQuoteSignature(answer(minimum, null), REQUEST, INSTANCE).ok).toBe(true);
  });

  it.each([
    ['unsigned', { ...answer(TERMS), signature: undefined }, REQUEST, INSTANCE],
    ['terms-invalid', answer(TERMS), { ...REQUEST, payout: 'x' }, INSTANCE],
    ['hash-mismatch', answer(TERMS), { ...REQUEST, payout: '190.26' }, INSTANCE],
    ['signer-mismatch', answer(TERMS), REQUEST, { ...INSTANCE, signer: HARDHAT_ACCOUNT_0.address }],
    [
      'signature-malformed',
      { ...answer(TERMS), signature: { ...answer(TERMS).signature, r: '0x00' } },
      REQUEST,
      INSTANCE,
    ],
    [
      'signature-malformed',
      { ...answer(TERMS), signature: highS(answer(TERMS).signature) },
      REQUEST,
      INSTANCE,
    ],
  ])('says %s', (problem, quote, request, instance) => {
    expect(verifyQuoteSignature(quote, request, instance)).toMatchObject({ ok: false, problem });
  });
});
