import { ByteBudgetMap, estimateBytes, type BudgetLimits } from '../runtime/byte-budget';
import type { Settings } from '../runtime/provider';
import { stateBytesOf } from '../runtime/common-settings';

export type PolicyStatus = 'active' | 'customer_won' | 'customer_lost' | 'cancelled' | 'replaced';

/** Amounts are kept as on-chain units in decimal text (bigints would escape the byte estimate). */
export interface PolicyRecord {
  readonly ensuroId: string;
  readonly quoteId: string;
  readonly dataHash: string;
  readonly payout: string;
  readonly premium: string;
  readonly pure: string;
  readonly jrCoc: string;
  readonly srCoc: string;
  readonly commission: string;
  readonly lossProb: string;
  readonly bucketId: string | null;
  /** Epoch seconds. */
  readonly start: number;
  readonly expiration: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly replaces: string | null;
  status: PolicyStatus;
  actualPayout: string | null;
  refund: { pure: string; jrCoc: string; srCoc: string } | null;
  replacedBy: string | null;
  updatedAt: number;
}

export interface EnsuroState {
  /** Policies by ensuro_id, oldest first; bounded in bytes and in count. */
  readonly policies: ByteBudgetMap<string, PolicyRecord>;
}

export function createEnsuroState(): EnsuroState {
  return { policies: new ByteBudgetMap<string, PolicyRecord>(estimateBytes) };
}

export function stateLimits(settings: Settings): BudgetLimits {
  const limit = (value: unknown) => Math.max(1, Number(value) || Number.POSITIVE_INFINITY);
  return { maxBytes: stateBytesOf(settings), maxEntries: limit(settings.maxPolicies) };
}
