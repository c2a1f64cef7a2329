import { ALNUM, randomText, UPPER_ALNUM } from '../runtime/ids';
import { invalidField } from './errors';
import { refuse } from './reasons';

/**
 * Which providers serve which payment method. KASKO's examples show invoice/invoice and distributor/distributor
 * (its docs) and creditcard/stripe_intents, paypal/paypal and paypal/paypal_direct (its example product
 * configuration); creditcard/stripe, card and sepa are Inferred.
 */
const PROVIDERS_OF: Readonly<Record<string, readonly string[]>> = {
  invoice: ['invoice'],
  distributor: ['distributor'],
  creditcard: ['stripe', 'stripe_intents'],
  paypal: ['paypal', 'paypal_direct'],
  card: ['stripe', 'adyen'],
  sepa: ['stripe', 'adyen'],
};

/**
 * Stripe's documented test instruments (a PaymentMethod `pm_card_*` or its token `tok_*`): what each does.
 * KASKO's own test card (4111 1111 1111 1111) is Stripe's `tok_visa`.
 */
const CARD_DECLINES: Readonly<Record<string, string>> = {
  chargeDeclined: 'card_declined',
  chargeDeclinedInsufficientFunds: 'insufficient_funds',
  chargeDeclinedExpiredCard: 'expired_card',
};
const CARD_PAYS = new Set(['visa', 'mastercard', 'amex']);

const CARD_INSTRUMENT = /^(?:pm_card_|tok_)([A-Za-z]+)$/;

/** What paying with an instrument does: pays, with the provider's charge id, or declines with a code. */
type Outcome =
  { readonly pays: true; readonly chargeId: string | null } | { readonly pays: false; readonly code: string };

interface PaymentChoice {
  readonly method: string;
  readonly provider: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * The outcome of a payment, before anything is stored (Inferred throughout: KASKO documents no field for the
 * instrument). Refuses a provider of another method and a missing or unknown instrument (400); a declining
 * instrument is refused with 402 by the caller through `refuseDeclined`.
 */
export function paymentOutcome({ method, provider, metadata = {} }: PaymentChoice): Outcome {
  if (!(PROVIDERS_OF[method] ?? []).includes(provider))
    throw refuse(
      'KASKO_PAYMENT_PROVIDER_MISMATCH',
      'Data validation failed.',
      invalidField('provider', 'invalid_value'),
    );
  if (method === 'creditcard') return cardOutcome(provider, metadata.payment_method);
  if (method === 'paypal') return paypalOutcome(metadata.payer_email);
  return { pays: true, chargeId: null };
}

function cardOutcome(provider: string, instrument: unknown): Outcome {
  const name = typeof instrument === 'string' ? CARD_INSTRUMENT.exec(instrument)?.[1] : undefined;
  const declined = name === undefined ? undefined : CARD_DECLINES[name];
  if (declined !== undefined) return { pays: false, code: declined };
  if (name === undefined || !CARD_PAYS.has(name))
    throw refuse(
      'KASKO_PAYMENT_INSTRUMENT_INVALID',
      'Data validation failed.',
      invalidField('metadata.payment_method'),
    );
  // A Charge for the older Stripe integration, a PaymentIntent for the intents one.
  const prefix = provider === 'stripe_intents' ? 'pi_' : 'ch_';
  return { pays: true, chargeId: `${prefix}${randomText(ALNUM, 24)}` };
}

function paypalOutcome(payer: unknown): Outcome {
  if (typeof payer !== 'string')
    throw refuse(
      'KASKO_PAYMENT_INSTRUMENT_INVALID',
      'Data validation failed.',
      invalidField('metadata.payer_email'),
    );
  if (payer.split('@')[0]?.toLowerCase() === 'declined') return { pays: false, code: 'instrument_declined' };
  // PayPal capture ids are 17 upper-case alphanumerics.
  return { pays: true, chargeId: randomText(UPPER_ALNUM, 17) };
}

/** The 402 of a declining instrument, naming the field that carried it. */
export function refuseDeclined(method: string, code: string): never {
  const field = method === 'paypal' ? 'metadata.payer_email' : 'metadata.payment_method';
  const message = method === 'paypal' ? 'The PayPal payment was declined.' : 'Your card was declined.';
  throw refuse('KASKO_PAYMENT_DECLINED', message, invalidField(field, code));
}
