import { Wallet, getBytes, hashMessage } from 'ethers';
import { signPersonalMessage } from './personal-sign';
import { HARDHAT_ACCOUNT_0 } from './test-keys';

describe('signPersonalMessage', () => {
  const wallet = new Wallet(HARDHAT_ACCOUNT_0.privateKey);

  it.each([
    ['text (UTF-8)', 'a body digest ✓'],
    ['bytes', getBytes('0x00ff10')],
  ])('signs %s as ethers signMessage does, the same every time', async (_label, message) => {
    const first = signPersonalMessage(message, HARDHAT_ACCOUNT_0.privateKey);
    expect(first.hash).toBe(hashMessage(message));
    expect(first.signature.serialized).toBe(await wallet.signMessage(message));
    expect(signPersonalMessage(message, HARDHAT_ACCOUNT_0.privateKey).signature.serialized).toBe(
      first.signature.serialized,
    );
  });
});
