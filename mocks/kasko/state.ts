import { ByteBudgetMap, estimateBytes, type BudgetLimits } from '../runtime/byte-budget';
import type { Settings } from '../runtime/provider';
import { stateBytesOf } from '../runtime/common-settings';

/** Integer minor units (cents), as KASKO's quote answers them. */
export interface Amounts {
  readonly gross_premium: number;
  readonly premium_tax: number;
  readonly net_premium: number;
  readonly tax_rate: number;
}

export interface QuoteRecord {
  readonly token: string;
  readonly account: string;
  readonly productKey: string;
  readonly amounts: Amounts;
  readonly expiresAtMs: number;
}

export type PolicyStatus = 'pending' | 'paid' | 'cancelled';

export interface PolicyRecord {
  readonly id: string;
  readonly account: string;
  readonly productKey: string;
  readonly insurerPolicyId: string;
  readonly paymentToken: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly language: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly amounts: Amounts;
  readonly status: PolicyStatus;
  /** The status a cancelled policy returns to when reactivated. */
  readonly statusBeforeCancel: PolicyStatus | null;
  /** When a paid offer becomes a paid policy (sandbox ms); null until it is paid. */
  readonly settlesAtMs: number | null;
  readonly version: number;
  readonly modifiedAtMs: number;
  readonly createdAt: string;
  readonly terminationDate: string | null;
  readonly cancellationReason: string | null;
  readonly cancelledAt: string | null;
}

export interface PaymentRecord {
  readonly id: string;
  readonly account: string;
  readonly policyId: string;
  readonly provider: string;
  readonly method: string;
  /** The card or PayPal provider's charge (`ch_...`, `pi_...`, a capture id); null for invoice and the like. */
  readonly chargeId: string | null;
  readonly token: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly processedAt: string;
}

/**
 * A file's bytes as uploaded through `POST /v2/media/{media_id}/content`: what identifies them, not the bytes,
 * which no operation reads back.
 */
export interface MediaContent {
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** A file announced through `POST /v2/media`, with its content once uploaded. */
export interface MediaRecord {
  readonly id: string;
  readonly account: string;
  readonly designation: string;
  readonly name: string;
  readonly mimeType: string;
  readonly fileSize: number;
  readonly content: MediaContent | null;
}

/** A quote saved for later through `POST /leads`. */
export interface LeadRecord {
  readonly id: string;
  readonly account: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly language: string | null;
  readonly quoteToken: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** Everything the mock keeps, bounded in bytes (the stores share `maxStateBytes`) and forgotten on reset. */
export interface KaskoState {
  readonly quotes: ByteBudgetMap<string, QuoteRecord>;
  readonly policies: ByteBudgetMap<string, PolicyRecord>;
  readonly payments: ByteBudgetMap<string, PaymentRecord>;
  readonly media: ByteBudgetMap<string, MediaRecord>;
  readonly leads: ByteBudgetMap<string, LeadRecord>;
}

export function createKaskoState(): KaskoState {
  return {
    quotes: new ByteBudgetMap<string, QuoteRecord>(estimateBytes),
    policies: new ByteBudgetMap<string, PolicyRecord>(estimateBytes),
    payments: new ByteBudgetMap<string, PaymentRecord>(estimateBytes),
    media: new ByteBudgetMap<string, MediaRecord>(estimateBytes),
    leads: new ByteBudgetMap<string, LeadRecord>(estimateBytes),
  };
}

const STORES = 5;

export function stateLimits(settings: Settings): BudgetLimits {
  return { maxBytes: stateBytesOf(settings, STORES) };
}

/**
 * The policy as it stands at `nowMs`: a paid offer whose settlement time has come is a paid policy, one
 * version later, modified when it settled. Payment is asynchronous: it shows on the first read after it.
 */
export function policyAt(policy: PolicyRecord, nowMs: number): PolicyRecord {
  if (policy.status !== 'pending' || policy.settlesAtMs === null || nowMs < policy.settlesAtMs) return policy;
  return { ...policy, status: 'paid', version: policy.version + 1, modifiedAtMs: policy.settlesAtMs };
}
