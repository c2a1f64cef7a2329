import { computeAddress } from 'ethers';
import type { Settings } from '../runtime/provider';

/** The instance `OPTIONS` describes: its risk module, its pricer (who signs quotes), amounts' decimals, topic. */
export interface EnsuroInstance {
  readonly riskModule: string;
  readonly pricerPrivateKey: string;
  readonly pricerAddress: string;
  readonly decimals: number;
  readonly topic: string;
}

/** USDC's decimals, as every Ensuro risk module so far. */
export const DECIMALS = 6;

const addresses = new Map<string, string>();

export function instanceOf(settings: Settings): EnsuroInstance {
  const pricerPrivateKey = String(settings.pricerPrivateKey);
  let pricerAddress = addresses.get(pricerPrivateKey);
  if (pricerAddress === undefined) {
    // Deriving the address is an elliptic-curve multiplication: once per key, not per quote.
    pricerAddress = computeAddress(pricerPrivateKey);
    if (addresses.size > 16) addresses.clear();
    addresses.set(pricerPrivateKey, pricerAddress);
  }
  return {
    riskModule: String(settings.riskModule),
    pricerPrivateKey,
    pricerAddress,
    decimals: DECIMALS,
    topic: 'dynamic-pricing',
  };
}
