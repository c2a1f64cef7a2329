import { createHash } from 'node:crypto';
import { newUuid } from './ids';
import type { Card } from './state';

export type CardBehaviour = 'approved' | 'declined' | 'challenge';

/**
 * The sandbox's test cards and what each does (inferred: the first two are the Mastercard test cards payment
 * gateways commonly publish; Kashier lists its test cards only to logged-in merchants).
 */
export const TEST_CARDS: readonly {
  readonly number: string;
  readonly brand: string;
  readonly behaviour: CardBehaviour;
  readonly says: string;
}[] = [
  { number: '5123450000000008', brand: 'Mastercard', behaviour: 'approved', says: 'Approved' },
  { number: '4000000000000002', brand: 'Visa', behaviour: 'declined', says: 'Declined (insufficient funds)' },
  {
    number: '4508750015741019',
    brand: 'Visa',
    behaviour: 'challenge',
    says: '3-D Secure challenge: code 1234 approves, any other code fails',
  },
];

/** The code that passes the simulated 3-D Secure challenge. */
export const CHALLENGE_CODE = '1234';

export interface CardForm {
  readonly cardNumber: string;
  readonly cardHolderName: string;
  readonly expiryMonth: string;
  readonly expiryYear: string;
}

/** The test card a form names (spaces and dashes ignored) with the card data Kashier reports, or undefined. */
export function testCardOf(form: CardForm): { behaviour: CardBehaviour; card: Card } | undefined {
  const number = form.cardNumber.replace(/[\s-]/g, '');
  const test = TEST_CARDS.find((candidate) => candidate.number === number);
  if (!test) return undefined;
  return {
    behaviour: test.behaviour,
    card: {
      maskedCard: `${number.slice(0, 6)}******${number.slice(-4)}`,
      cardBrand: test.brand,
      cardHolderName: form.cardHolderName,
      cardDataToken: newUuid(),
      cardHash: createHash('sha256').update(number).digest('hex'),
      ccvToken: newUuid(),
      expiryMonth: form.expiryMonth,
      expiryYear: form.expiryYear,
    },
  };
}
