import { getBytes, hashMessage, id, recoverAddress, solidityPacked } from 'ethers';
import { signPersonalMessage } from './personal-sign';
import { parseCompactSignature } from './signature-parse';
import { MAX_UINT40, parseAmount, parseExpiration, parseProbability } from './units';

/** `premium: null` asks the risk module for its minimum premium: on chain it is MAX_UINT256. */
export const MAX_UINT256 = 2n ** 256n - 1n;

/** What a SignedQuoteRiskModule quote signs, in on-chain units. */
export interface QuoteTerms {
  readonly riskModule: string;
  /** Scaled by the risk module's decimals. */
  readonly payout: bigint;
  /** Scaled by decimals; MAX_UINT256 for `premium: null`. */
  readonly premium: bigint;
  /** Wad (18 decimals). */
  readonly lossProb: bigint;
  /** Epoch seconds (uint40). */
  readonly expiration: number;
  /** `0x` + 64 hex: the quote's data_hash (policyData on chain). */
  readonly dataHash: string;
  /** The bucket's name, for SignedBucketRiskModule quotes. */
  readonly bucketId?: string;
  /** Epoch seconds (uint40). */
  readonly validUntil: number;
}

/** The quote signature as the API returns it: EIP-191 hash of the packed message, and EIP-2098 compact r / vs. */
export interface QuoteSignature {
  readonly hash: string;
  readonly r: string;
  readonly vs: string;
}

/** The bucket id on chain: keccak256 of the bucket's name, as a uint256 (inferred; matches `bucket_id_hash`). */
export function bucketIdOf(name: string): bigint {
  return BigInt(id(name));
}

/**
 * The packed message the risk module checks (`abi.encodePacked`): risk module, payout, premium, lossProb,
 * uint40 expiration, policyData, [bucketId,] uint40 validUntil: 158 bytes, 190 with a bucket.
 */
export function quoteMessage(terms: QuoteTerms): string {
  const bucket = terms.bucketId === undefined ? [] : [bucketIdOf(terms.bucketId)];
  return solidityPacked(
    [
      'address',
      'uint256',
      'uint256',
      'uint256',
      'uint40',
      'bytes32',
      ...bucket.map(() => 'uint256'),
      'uint40',
    ],
    [
      terms.riskModule,
      terms.payout,
      terms.premium,
      terms.lossProb,
      terms.expiration,
      terms.dataHash,
      ...bucket,
      terms.validUntil,
    ],
  );
}

/** `signature.hash`: the EIP-191 (eth-signed-message) hash of the packed message bytes. */
export function quoteHash(terms: QuoteTerms): string {
  return hashMessage(getBytes(quoteMessage(terms)));
}

/**
 * Signs a quote as the pricer: the compact signature of `quoteHash`. Deterministic (RFC 6979): the same terms and
 * key give the same signature every time.
 */
export function signQuote(terms: QuoteTerms, pricerPrivateKey: string): QuoteSignature {
  return signPackedMessage(quoteMessage(terms), pricerPrivateKey);
}

/**
 * A packed message (0x hex, as `solidityPacked` returns it) signed as the pricer signs: its EIP-191 hash, and the
 * EIP-2098 compact signature of that hash.
 */
export function signPackedMessage(message: string, privateKey: string): QuoteSignature {
  // Node's hex decoder: `solidityPacked` gives well-formed 0x hex, which ethers' `getBytes` would check again.
  const { hash, signature } = signPersonalMessage(Buffer.from(message.slice(2), 'hex'), privateKey);
  return { hash, r: signature.r, vs: signature.yParityAndS };
}

/** A quote as the API answers it (the fields the signature covers). */
export interface QuoteAnswer {
  readonly data_hash: string;
  readonly loss_prob: string;
  readonly premium: string | null;
  readonly bucket_id?: string | null;
  readonly valid_until: number;
  readonly signature?: QuoteSignature;
}

/** What the OPTIONS call reports of the instance. */
export interface EnsuroInstanceInfo {
  readonly risk_module: string;
  readonly signer: string;
  readonly decimals: number;
}

export type QuoteCheck =
  | { readonly ok: true; readonly hash: string }
  | {
      readonly ok: false;
      readonly problem:
        'unsigned' | 'terms-invalid' | 'hash-mismatch' | 'signature-malformed' | 'signer-mismatch';
      readonly detail: string;
    };

/**
 * For integrators: rebuilds the packed message from the quote and the request's payout and expiration, checks
 * `signature.hash` against it and recovers the pricer from r / vs (s must be low, as the risk module's OpenZeppelin
 * `ECDSA.recover` requires), which must be the instance's `signer`.
 */
export function verifyQuoteSignature(
  quote: QuoteAnswer,
  request: { readonly payout: string | number; readonly expiration: string | number },
  instance: EnsuroInstanceInfo,
): QuoteCheck {
  if (quote.signature === undefined)
    return { ok: false, problem: 'unsigned', detail: 'the quote has no signature' };
  const payout = parseAmount(request.payout, instance.decimals);
  const expiration = parseExpiration(request.expiration);
  const premium = quote.premium === null ? undefined : parseAmount(quote.premium, instance.decimals);
  const lossProb = parseProbability(quote.loss_prob);
  if (!payout.ok || !expiration.ok || (premium !== undefined && !premium.ok) || !lossProb.ok) {
    return {
      ok: false,
      problem: 'terms-invalid',
      detail: 'payout, expiration, premium or loss_prob does not parse',
    };
  }
  if (
    !/^0x[0-9a-fA-F]{64}$/.test(quote.data_hash) ||
    !Number.isInteger(quote.valid_until) ||
    quote.valid_until > MAX_UINT40
  ) {
    return { ok: false, problem: 'terms-invalid', detail: 'data_hash or valid_until is out of shape' };
  }
  const hash = quoteHash({
    riskModule: instance.risk_module,
    payout: payout.value,
    premium: premium === undefined ? MAX_UINT256 : premium.value,
    lossProb: lossProb.value,
    expiration: expiration.value,
    dataHash: quote.data_hash,
    ...(quote.bucket_id ? { bucketId: quote.bucket_id } : {}),
    validUntil: quote.valid_until,
  });
  if (hash !== quote.signature.hash.toLowerCase()) {
    return {
      ok: false,
      problem: 'hash-mismatch',
      detail: `the terms hash to ${hash}, not to signature.hash`,
    };
  }
  const parsed = parseCompactSignature(quote.signature.r, quote.signature.vs);
  if (!parsed.ok) return { ok: false, problem: 'signature-malformed', detail: `r / vs ${parsed.detail}` };
  let signer: string;
  try {
    signer = recoverAddress(hash, parsed.signature);
  } catch {
    return { ok: false, problem: 'signature-malformed', detail: 'no address can be recovered from r / vs' };
  }
  return signer.toLowerCase() === instance.signer.toLowerCase()
    ? { ok: true, hash }
    : {
        ok: false,
        problem: 'signer-mismatch',
        detail: `the quote is signed by ${signer}, not by ${instance.signer}`,
      };
}
