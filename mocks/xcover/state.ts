import { ByteBudgetMap, estimateBytes, type BudgetLimits } from '../runtime/byte-budget';
import type { Settings } from '../runtime/provider';
import type { Pricing } from './pricing';
import { stateBytesOf } from '../runtime/common-settings';

/** Package and quote statuses, as XCover documents them (plus OPTED_OUT, recorded after an opt-out). */
export type PackageStatus =
  'RECEIVED' | 'CONFIRMED' | 'PENDING_PAYMENT' | 'CANCELLED' | 'OPTED_OUT' | 'RENEWED';
export type QuoteStatus = 'RECEIVED' | 'CONFIRMED' | 'PENDING_PAYMENT' | 'CANCELLED';

export interface Instalment {
  readonly id: string;
  readonly number: number;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly amount: number;
  status: 'PAID' | 'UNPAID' | 'FAILED';
  paymentFailures: string[] | null;
}

export interface QuoteRecord {
  readonly id: string;
  /**
   * What the quote keeps of its request item, with later updates merged in: the fields its price, period
   * and views derive from (see `quoteTerms`). Replaced on update, never changed in place.
   */
  request: Record<string, unknown>;
  pricing: Pricing;
  status: QuoteStatus;
  policyStart: string;
  policyEnd: string;
  readonly createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  insured: unknown[] | null;
  instalmentPlan: string | null;
  instalments: Instalment[];
}

/** A priced change waiting for confirm_update. */
export interface PendingUpdate {
  readonly id: string;
  readonly changes: ReadonlyMap<string, { request: Record<string, unknown>; pricing: Pricing }>;
  readonly policyholder: Record<string, unknown> | undefined;
}

/** A previewed cancellation waiting for confirm_cancellation. */
export interface PendingCancellation {
  readonly id: string;
  readonly quoteIds: readonly string[];
  readonly confirmBefore: string;
  readonly reason: string | undefined;
}

export interface QuotePackage {
  readonly id: string;
  readonly partnerCode: string;
  status: PackageStatus;
  currency: string;
  customerCountry: string | undefined;
  customerRegion: string | null;
  customerLanguage: string;
  partnerTransactionId: string | null;
  readonly createdAt: string;
  updatedAt: string;
  readonly securityToken: string;
  readonly accountId: string;
  readonly signupToken: string;
  quotes: QuoteRecord[];
  policyholder: Record<string, unknown> | null;
  /** When the package became a booking (it then appears in the bookings list). */
  bookedAt: string | null;
  /** Pending priced updates and previewed cancellations, created when the first one is (most packages have none). */
  updates?: Map<string, PendingUpdate>;
  cancellations?: Map<string, PendingCancellation>;
}

export interface XCoverState {
  /** Packages by id, oldest first; bounded in bytes and in count (see `stateLimits`). */
  readonly packages: ByteBudgetMap<string, QuotePackage>;
}

/** What a package costs: its own data (views are built for each answer, nothing else is kept for it). */
export function createXCoverState(): XCoverState {
  return { packages: new ByteBudgetMap<string, QuotePackage>(estimateBytes) };
}

/** The state's bounds from the settings: past either, the oldest packages are forgotten first. */
export function stateLimits(settings: Settings): BudgetLimits {
  const limit = (value: unknown) => Math.max(1, Number(value) || Number.POSITIVE_INFINITY);
  return { maxBytes: stateBytesOf(settings), maxEntries: limit(settings.maxQuotePackages) };
}
