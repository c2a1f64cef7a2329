import type { ReasonCatalogue } from '../runtime/reasons';
import { ENSURO_SIGNATURE_REASONS } from '../../src/ensuro/reasons';

/** Codes of the Ensuro mock's key check and business rules (the runtime's own codes are added by the runtime). */
export const ENSURO_HANDLER_REASONS = {
  ENSURO_API_KEY_MISSING: {
    status: 401,
    meaning: 'The request has no `x-api-key` header (every operation but OPTIONS needs it).',
    fix: 'Send `x-api-key: <apiKey>` (see `partner-sandbox credentials`).',
  },
  ENSURO_API_KEY_WRONG: {
    status: 400,
    meaning:
      '`x-api-key` is not the partner’s API key, or is sent more than once. Inferred: the Google API Gateway in front of Ensuro answers 400 "API key not valid".',
    fix: 'Send the `apiKey` credential of this sandbox.',
  },
  ENSURO_PARTNER_UNKNOWN: {
    status: 404,
    meaning:
      'The partner in the path (`/api/v0/{partner}`) is not this sandbox’s partner: no such Pricing API.',
    fix: 'Use the `partner` credential in the path.',
  },
  ENSURO_AMOUNT_INVALID: {
    status: 400,
    meaning:
      'A payout is zero (new policies), has more decimal places than the risk module’s `decimals`, an exponent, or over 15 whole digits.',
    fix: 'Send the amount as a decimal string such as "190.25" with at most 6 decimals.',
  },
  ENSURO_EXPIRATION_INVALID: {
    status: 400,
    meaning: 'The expiration is not after the sandbox clock’s now, or is beyond uint40 epoch seconds.',
    fix: 'Send a future ISO 8601 date-time or epoch seconds (the sandbox clock: `GET /__sandbox/clock`).',
  },
  ENSURO_POLICY_NOT_FOUND: {
    status: 400,
    meaning:
      'No policy with this `ensuro_id` (or `old_ensuro_id`) was created in this sandbox since its last reset.',
    fix: 'Use the `ensuro_id` a new-policy or replace-policy answer returned.',
  },
  ENSURO_POLICY_NOT_ACTIVE: {
    status: 400,
    meaning: 'The policy was already resolved, cancelled or replaced: only an active policy can be.',
    fix: 'Act on the policy once; a replaced policy lives on as its replacement’s `ensuro_id`.',
  },
  ENSURO_RESOLUTION_PAYOUT_TOO_HIGH: {
    status: 400,
    meaning: 'The resolution payout is above the policy’s payout.',
    fix: 'Resolve with a payout from 0 up to the policy’s payout.',
  },
  ENSURO_REPLACEMENT_BELOW_OLD: {
    status: 400,
    meaning:
      'The replacement’s payout or expiration is below the old policy’s ("New policy must be greater or equal than old policy").',
    fix: 'Replace with a payout and an expiration at least those of the old policy.',
  },
} as const satisfies ReasonCatalogue;

export type EnsuroHandlerReason = keyof typeof ENSURO_HANDLER_REASONS;

/** Every code the Ensuro provider emits itself: the body-signature verifier's and the mock's. */
export const ENSURO_REASONS: ReasonCatalogue = {
  ...Object.fromEntries(
    Object.entries(ENSURO_SIGNATURE_REASONS).map(([code, { status, meaning, fix }]) => [
      code,
      { status, meaning, fix },
    ]),
  ),
  ...ENSURO_HANDLER_REASONS,
};
