import { ensuroIdOf } from '../../src/ensuro/ensuro-id';
import { signQuote, type QuoteTerms } from '../../src/ensuro/quote-signature';
import { formatAmount, parseAmount, parseExpiration, parseProbability } from '../../src/ensuro/units';
import { LOWER_HEX, newUuid, randomText } from '../runtime/ids';
import type { HandlerRequest } from '../runtime/provider';
import { refusals } from '../runtime/reasons';
import { instanceOf } from './instance';
import { ENSURO_HANDLER_REASONS } from './reasons';
import type { EnsuroState, PolicyRecord } from './state';

export const refuse = refusals(ENSURO_HANDLER_REASONS);
export type EnsuroRequest = HandlerRequest<EnsuroState>;

/** The body of quote, new-policy and replace-policy, valid against the spec. */
export interface QuoteBody {
  readonly payout: string | number;
  readonly expiration: string | number;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** A priced quote: its answer, and the policy it becomes if it is bought. */
export interface PricedQuote {
  readonly answer: Record<string, unknown>;
  readonly policy: PolicyRecord;
}

const percentOf = (units: bigint, percent: bigint) => (units * percent) / 100n;

/**
 * Prices a request (Inferred: pure premium = payout x loss probability; Ensuro's commission 5 %, junior and
 * senior cost of capital 2 % and 3 % of it on top), signs the quote as the pricer unless `signed` is false, and
 * drafts the policy. Refuses amounts and expirations the risk module would; changes nothing.
 */
export function priceQuote(request: EnsuroRequest, body: QuoteBody, signed: boolean): PricedQuote {
  const instance = instanceOf(request.settings);
  const payout = parseAmount(body.payout, instance.decimals);
  if (!payout.ok) throw refuse('ENSURO_AMOUNT_INVALID', `Invalid input: payout ${payout.detail}`);
  const expiration = parseExpiration(body.expiration);
  const now = Math.floor(request.now.getTime() / 1000);
  if (!expiration.ok)
    throw refuse('ENSURO_EXPIRATION_INVALID', `Invalid input: expiration ${expiration.detail}`);
  if (expiration.value <= now)
    throw refuse('ENSURO_EXPIRATION_INVALID', 'Invalid input: expiration is in the past');

  const lossProbText = String(request.settings.lossProbability);
  const lossProb = parseProbability(lossProbText);
  if (!lossProb.ok) throw new Error(`lossProbability setting ${lossProb.detail}`);
  const pure = (payout.value * lossProb.value) / 10n ** 18n;
  const commission = percentOf(pure, 5n);
  const jrCoc = percentOf(pure, 2n);
  const srCoc = percentOf(pure, 3n);
  const premium = pure + commission + jrCoc + srCoc;
  const bucketId = typeof request.settings.bucketId === 'string' ? request.settings.bucketId : null;
  const dataHash = `0x${randomText(LOWER_HEX, 64)}`;
  const validUntil = now + Number(request.settings.quoteValiditySeconds);
  const terms: QuoteTerms = {
    riskModule: instance.riskModule,
    payout: payout.value,
    premium,
    lossProb: lossProb.value,
    expiration: expiration.value,
    dataHash,
    ...(bucketId === null ? {} : { bucketId }),
    validUntil,
  };
  const quoteId = newUuid();
  const amount = (units: bigint) => formatAmount(units, instance.decimals);
  const answer: Record<string, unknown> = {
    quote_id: quoteId,
    data_hash: dataHash,
    loss_prob: lossProbText,
    premium: amount(premium),
    ...(bucketId === null ? {} : { bucket_id: bucketId }),
    ...(signed ? { signature: signQuote(terms, instance.pricerPrivateKey) } : {}),
    valid_until: validUntil,
    expiration: expiration.value,
    contract_address: instance.riskModule,
    premium_details: {
      pure: amount(pure),
      ensuro_commission: amount(commission),
      jr_coc: amount(jrCoc),
      sr_coc: amount(srCoc),
      minimum_premium: amount(pure + jrCoc + srCoc),
    },
  };
  const policy: PolicyRecord = {
    ensuroId: ensuroIdOf(instance.riskModule, dataHash),
    quoteId,
    dataHash,
    payout: payout.value.toString(),
    premium: premium.toString(),
    pure: pure.toString(),
    jrCoc: jrCoc.toString(),
    srCoc: srCoc.toString(),
    commission: commission.toString(),
    lossProb: lossProbText,
    bucketId,
    start: now,
    expiration: expiration.value,
    data: body.data ?? {},
    replaces: null,
    status: 'active',
    actualPayout: null,
    refund: null,
    replacedBy: null,
    updatedAt: now,
  };
  return { answer, policy };
}

/** `?unsigned`, bare or with a value: anything but false / 0 leaves the signature out (inferred). */
export function isUnsigned(query: Readonly<Record<string, unknown>>): boolean {
  const value = query.unsigned;
  return value !== undefined && !['false', 'False', '0'].includes(String(value));
}

export function createQuote(request: EnsuroRequest) {
  return {
    status: 200,
    body: priceQuote(request, request.body as QuoteBody, !isUnsigned(request.query)).answer,
  };
}
