import fc from 'fast-check';
import { Signature, Wallet, hashMessage, recoverAddress } from 'ethers';
import { recoverSigner } from './known-signers';

const hex32 = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`;

function ethersRecovers(hash: string, signature: Signature): string | undefined {
  try {
    return recoverAddress(hash, signature);
  } catch {
    return undefined;
  }
}

describe('recoverSigner', () => {
  const expected = Wallet.createRandom();
  const stranger = Wallet.createRandom();

  it('answers as ethers recoverAddress, before and after it knows the signer (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.constantFrom('expected', 'stranger'),
        fc.boolean(),
        (message, who, flipV) => {
          const wallet = who === 'expected' ? expected : stranger;
          const signed = Signature.from(wallet.signMessageSync(message));
          const signature = flipV ? Signature.from({ r: signed.r, s: signed.s, v: 55 - signed.v }) : signed;
          const hash = hashMessage(message);
          for (let call = 0; call < 2; call += 1) {
            expect(recoverSigner(hash, signature, [expected.address.toLowerCase()])).toBe(
              ethersRecovers(hash, signature),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('answers undefined where nothing can be recovered (no point has x = 5)', () => {
    const signature = Signature.from({ r: hex32(5n), s: hex32(1n), v: 27 });
    expect(recoverSigner(hex32(0n), signature, [expected.address])).toBeUndefined();
  });
});
