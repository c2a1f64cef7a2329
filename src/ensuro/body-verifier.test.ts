import { Wallet, getBytes, hashMessage } from 'ethers';
import { bodyDigestHex } from './body-digest';
import { signBodyEip191, signBodyHmac } from './body-signer';
import { verifyEnsuroBodySignature, type EnsuroBodyVerification } from './body-verifier';
import { HARDHAT_ACCOUNT_0, HARDHAT_ACCOUNT_1 } from './test-keys';

const BODY = '{"payout": "190.25", "expiration": 1666906567, "data": {"internal_id": "ac3b3fe475"}}';
const KEYS = { hmacSecret: 'topsecret', authorizedSigners: [HARDHAT_ACCOUNT_0.address.toLowerCase()] };

function verify(headers: Record<string, string>, body = BODY): EnsuroBodyVerification {
  return verifyEnsuroBodySignature({ headers, rawBody: Buffer.from(body) }, KEYS);
}

function reasonOf(verification: EnsuroBodyVerification): string {
  return verification.ok ? 'ok' : verification.reason;
}

describe('verifyEnsuroBodySignature', () => {
  it('accepts the documented HMAC vector', () => {
    const headers = {
      'x-ensuro-signature': '41deed7140512b0d351a588d05bff44dfdc58a6a038b47edf4f5e944dd1185d6',
    };
    expect(verify(headers, '{"foo":"bar"}')).toMatchObject({ ok: true, checked: { method: 'hmac' } });
  });

  it('accepts an authorized EIP-191 signature and shows what was hashed and who signed', () => {
    const verification = verify({ 'X-EIP191-Signature': signBodyEip191(BODY, HARDHAT_ACCOUNT_0.privateKey) });
    expect(verification).toMatchObject({
      ok: true,
      signer: HARDHAT_ACCOUNT_0.address,
      checked: {
        method: 'eip191',
        bodySha256: bodyDigestHex(BODY),
        eip191Hash: hashMessage(bodyDigestHex(BODY)),
        recoveredAddress: HARDHAT_ACCOUNT_0.address,
      },
    });
  });

  it.each([
    ['neither header', {}, 'ENSURO_SIGNATURE_MISSING'],
    ['both headers', { 'x-eip191-signature': '0x', 'x-ensuro-signature': 'ab' }, 'ENSURO_SIGNATURE_BOTH'],
    ['a short EIP-191 value', { 'x-eip191-signature': '0x1234' }, 'ENSURO_EIP191_MALFORMED'],
    [
      'an EIP-191 value with v = 05',
      { 'x-eip191-signature': `0x${'11'.repeat(64)}05` },
      'ENSURO_EIP191_MALFORMED',
    ],
    ['a 0x HMAC', { 'x-ensuro-signature': `0x${signBodyHmac(BODY, 'topsecret')}` }, 'ENSURO_HMAC_0X_PREFIX'],
    [
      'an upper-case HMAC',
      { 'x-ensuro-signature': signBodyHmac(BODY, 'topsecret').toUpperCase() },
      'ENSURO_HMAC_UPPERCASE',
    ],
    ['a short HMAC', { 'x-ensuro-signature': 'abc' }, 'ENSURO_HMAC_MALFORMED'],
    [
      'an HMAC with another secret',
      { 'x-ensuro-signature': signBodyHmac(BODY, 'other') },
      'ENSURO_HMAC_MISMATCH',
    ],
    [
      'an HMAC over compact JSON',
      { 'x-ensuro-signature': signBodyHmac(JSON.stringify(JSON.parse(BODY)), 'topsecret') },
      'ENSURO_HMAC_OVER_RESERIALISED_JSON',
    ],
    [
      'an EIP-191 signature over compact JSON',
      {
        'x-eip191-signature': signBodyEip191(JSON.stringify(JSON.parse(BODY)), HARDHAT_ACCOUNT_0.privateKey),
      },
      'ENSURO_EIP191_OVER_RESERIALISED_JSON',
    ],
    [
      'an EIP-191 signature over the raw digest bytes',
      {
        'x-eip191-signature': new Wallet(HARDHAT_ACCOUNT_0.privateKey).signMessageSync(
          getBytes(`0x${bodyDigestHex(BODY)}`),
        ),
      },
      'ENSURO_EIP191_OVER_RAW_DIGEST',
    ],
    [
      'an EIP-191 signature by another key',
      { 'x-eip191-signature': signBodyEip191(BODY, HARDHAT_ACCOUNT_1.privateKey) },
      'ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    ],
  ])('refuses %s', (_label, headers, reason) => {
    expect(reasonOf(verify(headers))).toBe(reason);
  });

  it('refuses v 0, 1, 37, 38 and an s out of range or high as malformed, before recovering anything', () => {
    const good = signBodyEip191(BODY, HARDHAT_ACCOUNT_0.privateKey);
    const rs = good.slice(2, 130);
    const r = good.slice(2, 66);
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const word = (value: bigint) => value.toString(16).padStart(64, '0');
    const s = BigInt(`0x${good.slice(66, 130)}`);
    for (const value of [
      `0x${rs}00`,
      `0x${rs}01`,
      `0x${rs}25`,
      `0x${rs}26`,
      `0x${r}${word(N + 1n)}1b`,
      `0x${r}${word(N - s)}${good.endsWith('1b') ? '1c' : '1b'}`,
    ]) {
      const verification = verify({ 'x-eip191-signature': value });
      expect(reasonOf(verification)).toBe('ENSURO_EIP191_MALFORMED');
      expect(verification.checked.recoveredAddress).toBeUndefined();
    }
  });

  it('refuses a wrong signature on a body nested 5,000 deep without throwing', () => {
    const deep = `{"data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const eip191 = verify({ 'x-eip191-signature': signBodyEip191(BODY, HARDHAT_ACCOUNT_1.privateKey) }, deep);
    expect(reasonOf(eip191)).toBe('ENSURO_EIP191_SIGNER_UNAUTHORIZED');
    expect(reasonOf(verify({ 'x-ensuro-signature': 'a'.repeat(64) }, deep))).toBe('ENSURO_HMAC_MISMATCH');
  });

  it('shows the address an unauthorized signature recovers to, never the secret', () => {
    const verification = verify({ 'x-eip191-signature': signBodyEip191(BODY, HARDHAT_ACCOUNT_1.privateKey) });
    expect(verification.checked.recoveredAddress).toBe(HARDHAT_ACCOUNT_1.address);
    const hmacFailure = verify({ 'x-ensuro-signature': signBodyHmac(BODY, 'other') });
    expect(JSON.stringify(hmacFailure)).not.toContain(signBodyHmac(BODY, 'topsecret'));
    expect(JSON.stringify(hmacFailure)).not.toContain('topsecret');
  });

  it('reads a repeated header as malformed', () => {
    const value = signBodyHmac(BODY, 'topsecret');
    expect(reasonOf(verify({ 'x-ensuro-signature': [value, value] } as never))).toBe('ENSURO_HMAC_MALFORMED');
  });
});
