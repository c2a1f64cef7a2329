import type { ReasonCatalogue } from '../runtime/reasons';
import { XCOVER_AUTH_REASONS } from '../../src/xcover/signature';

/** Codes of the XCover mock's business rules (the runtime's own codes are added by the runtime). */
export const XCOVER_HANDLER_REASONS = {
  XCOVER_PARTNER_MISMATCH: {
    status: 401,
    meaning: 'The partner code in the path is not the partner the API key belongs to.',
    fix: 'Use your own partner code in `/partners/{partner_code}/` (see `partner-sandbox credentials`).',
  },
  XCOVER_LIVE_KEY: {
    status: 401,
    meaning:
      'The request’s keyId or X-Api-Key is shaped as a live key (`xcover_live_...`, `sk_live_...`; an inferred format). Live keys never work against the sandbox; the signature is not even checked.',
    fix: 'Sign with the sandbox’s test key (`partner-sandbox credentials`), and keep live keys out of test setups.',
  },
  XCOVER_QUOTE_PACKAGE_NOT_FOUND: {
    status: 404,
    meaning: 'No quote package or booking with this id exists in the sandbox (ids are forgotten on reset).',
    fix: 'Use an id the sandbox returned since its last reset.',
  },
  XCOVER_UPDATE_NOT_FOUND: {
    status: 404,
    meaning:
      'No pending quote-for-update with this update id exists for the booking (or it was already confirmed).',
    fix: 'Call `quote_for_update` first and confirm the `update_id` it returns, once.',
  },
  XCOVER_CANCELLATION_NOT_FOUND: {
    status: 404,
    meaning: 'No previewed cancellation with this id exists for the booking (or it was already confirmed).',
    fix: 'Preview with `{"preview": true}` first and confirm the `cancellation_id` it returns, once.',
  },
  XCOVER_STATUS_TRANSITION_REFUSED: {
    status: 422,
    meaning:
      'The operation is not allowed in the package’s current status (e.g. booking a booked package, confirming a confirmed booking, cancelling a cancelled one).',
    fix: 'Check `status` first: quotes are RECEIVED, bookings CONFIRMED or PENDING_PAYMENT, CANCELLED is final.',
  },
  XCOVER_QUOTE_NOT_IN_PACKAGE: {
    status: 422,
    meaning: 'A quote id in the body does not belong to the quote package (or is listed twice).',
    fix: 'Use the quote ids (UUIDs) of this package, each once.',
  },
  XCOVER_LAST_QUOTE: {
    status: 422,
    meaning: 'Deleting these quotes would leave the package without any quote.',
    fix: 'Keep at least one quote, or simply do not book the package.',
  },
  XCOVER_INSTALMENT_PLAN_UNKNOWN: {
    status: 422,
    meaning: 'The booking asked for an instalment plan the quote does not offer.',
    fix: 'Use a plan from the quote’s `instalment_plans` (1year-monthly, 1year-quarterly).',
  },
  XCOVER_INSTALMENT_INVALID: {
    status: 422,
    meaning:
      'An instalment update names a quote without a payment schedule or an instalment number out of range.',
    fix: 'Book the quote with an `instalment_plan` and use numbers from its `payment_schedule`.',
  },
  XCOVER_CANCELLATION_EXPIRED: {
    status: 422,
    meaning: 'The previewed cancellation’s `confirm_before` has passed on the sandbox clock.',
    fix: 'Preview the cancellation again and confirm it within 24 hours (sandbox time).',
  },
  XCOVER_EMAIL_EVENT_REFUSED: {
    status: 422,
    meaning:
      'The email event is unknown, or does not fit the booking’s status (BOOKING_CANCELLED needs a CANCELLED booking).',
    fix: 'Send `{}` for the booking email, or an event that matches the booking’s status.',
  },
} as const satisfies ReasonCatalogue;

export type XCoverHandlerReason = keyof typeof XCOVER_HANDLER_REASONS;

/** Every code the XCover provider emits itself: the signature verifier's and the handlers'. */
export const XCOVER_REASONS: ReasonCatalogue = {
  ...Object.fromEntries(
    Object.entries(XCOVER_AUTH_REASONS).map(([code, { status, meaning, fix }]) => [
      code,
      { status, meaning, fix },
    ]),
  ),
  ...XCOVER_HANDLER_REASONS,
};
