import { computeAddress } from 'ethers';
import type { Settings } from '../runtime/provider';

/** The instance `OPTIONS` describes: its risk module, its pricer (who signs quotes), amounts' decimals, topic. */
export interface EnsuroInstance {
  readonly riskModule: string;
  readonly pricerPrivateKey: string;
  readonly decimals: number;
  readonly topic: string;
}

/** USDC's decimals, as every Ensuro risk module so far. */
export const DECIMALS = 6;

export function instanceOf(settings: Settings): EnsuroInstance {
  return {
    riskModule: String(settings.riskModule),
    pricerPrivateKey: String(settings.pricerPrivateKey),
    decimals: DECIMALS,
    topic: 'dynamic-pricing',
  };
}

/**
 * The pricer's address (`signer` in OPTIONS), derived from its key when asked: an elliptic-curve multiplication
 * by the library, only on the rare OPTIONS call, so no key is kept anywhere else than in the settings.
 */
export const pricerAddressOf = (instance: EnsuroInstance): string =>
  computeAddress(instance.pricerPrivateKey);
