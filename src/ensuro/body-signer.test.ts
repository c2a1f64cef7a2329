import { verifyMessage } from 'ethers';
import { bodyDigestHex } from './body-digest';
import { bodySignatureHeaders, signBodyEip191, signBodyHmac } from './body-signer';
import { HARDHAT_ACCOUNT_0 } from './test-keys';

describe('signBodyHmac', () => {
  it('reproduces the documented vector', () => {
    expect(signBodyHmac('{"foo":"bar"}', 'topsecret')).toBe(
      '41deed7140512b0d351a588d05bff44dfdc58a6a038b47edf4f5e944dd1185d6',
    );
    expect(signBodyHmac(Buffer.from('{"foo":"bar"}'), 'topsecret')).toMatch(/^41deed/);
  });
});

describe('signBodyEip191', () => {
  it('signs the hex digest text as a personal message, as ethers signMessage does', () => {
    const signature = signBodyEip191('{"foo":"bar"}', HARDHAT_ACCOUNT_0.privateKey);
    expect(signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
    expect(verifyMessage(bodyDigestHex('{"foo":"bar"}'), signature)).toBe(HARDHAT_ACCOUNT_0.address);
  });

  it('gives one header per method', () => {
    expect(Object.keys(bodySignatureHeaders('{}', { method: 'hmac', secret: 's' }))).toEqual([
      'X-Ensuro-Signature',
    ]);
    expect(
      Object.keys(bodySignatureHeaders('{}', { method: 'eip191', privateKey: HARDHAT_ACCOUNT_0.privateKey })),
    ).toEqual(['X-EIP191-Signature']);
  });
});
