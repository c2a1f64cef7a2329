import { settingsValidatorOf } from '../runtime/settings-schema';
import { HARDHAT_ACCOUNT_1 } from '../../src/ensuro/test-keys';
import { ensuroProvider } from './provider';

describe('Ensuro settings', () => {
  const problemWith = (pricerPrivateKey: string) =>
    settingsValidatorOf(ensuroProvider).configProblem({ pricerPrivateKey });

  it('take a pricer key that secp256k1 can sign with, and refuse zero or one beyond the curve order', () => {
    expect(problemWith(HARDHAT_ACCOUNT_1.privateKey)).toBeUndefined();
    expect(problemWith(`0x${'0'.repeat(63)}1`)).toBeUndefined();
    expect(problemWith(`0x${'0'.repeat(64)}`)).toMatch(/pricerPrivateKey/);
    expect(problemWith(`0x${'f'.repeat(64)}`)).toMatch(/pricerPrivateKey/);
    expect(problemWith('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141')).toMatch(
      /pricerPrivateKey/,
    );
  });
});
