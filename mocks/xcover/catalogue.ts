import { cachedResponseExample } from '../runtime/examples';
import { locateSpec, loadSpec } from '../runtime/spec';

export const XCOVER_SPEC_PATH = locateSpec(__dirname, 'xcover.yaml');

/**
 * Product content the mock fills its quotes with: the policy, benefits and partner descriptions come from
 * the spec's own (recorded) examples, so the spec stays the one source of response content.
 */
export interface Catalogue {
  /** A quote item as the spec's create-quote example shows it. */
  readonly quoteTemplate: Readonly<Record<string, unknown>>;
  /**
   * The partner object of a booking, as most recently recorded: the cancel-booking example (November 2021).
   * Staging changed the partner on 2021-11-02 (`attributes`, emails' `attach_coi`), after the get-booking
   * example was recorded; later recordings all carry the newer fields.
   */
  readonly partnerTemplate: Readonly<Record<string, unknown>>;
}

let catalogue: Catalogue | undefined;

/** Read from the spec's frozen examples once (the spec is loaded once per process): views ask on every quote. */
export function xcoverCatalogue(): Catalogue {
  return (catalogue ??= readCatalogue());
}

function readCatalogue(): Catalogue {
  const spec = loadSpec(XCOVER_SPEC_PATH);
  const quotePackage = cachedResponseExample(spec, 'createQuote', 201) as {
    quotes: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
  const booking = cachedResponseExample(spec, 'cancelBooking', 200) as {
    partner: Readonly<Record<string, unknown>>;
  };
  const quoteTemplate = quotePackage.quotes['0'];
  if (!quoteTemplate) throw new Error('the createQuote example in specs/xcover.yaml has no quote');
  return { quoteTemplate, partnerTemplate: booking.partner };
}
