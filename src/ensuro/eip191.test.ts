import fc from 'fast-check';
import { hashMessage } from 'ethers';
import { eip191Hash } from './eip191';

describe('eip191Hash', () => {
  it('answers as ethers hashMessage, for text and for bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (text, bytes) => {
        expect(eip191Hash(text)).toBe(hashMessage(text));
        expect(eip191Hash(bytes)).toBe(hashMessage(bytes));
      }),
    );
  });
});
