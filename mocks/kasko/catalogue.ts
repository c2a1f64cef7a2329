import { cachedResponseExample } from '../runtime/examples';
import { locateSpec, loadSpec } from '../runtime/spec';
import type { Amounts } from './state';

export const KASKO_SPEC_PATH = locateSpec(__dirname, 'kasko.yaml');

/** The quote example's amounts: the price the sandbox quotes when the data names no insured value. */
export function exampleAmounts(): Amounts {
  const quote = cachedResponseExample(loadSpec(KASKO_SPEC_PATH), 'createQuote', 200) as {
    extra_data: Amounts;
  };
  return quote.extra_data;
}
