import { verifyXCoverSignature } from '../../src/xcover/signature';
import type { ProviderDefinition, SecuritySchemeHandler } from '../runtime/provider';
import { XCOVER_SPEC_PATH } from './catalogue';
import { xcoverErrorBody, xcoverFaultBody, xcoverValidationError } from './errors';
import {
  confirmBooking,
  createBooking,
  getBooking,
  instantBooking,
  listBookings,
  modifyBooking,
  optOut,
  sendEmail,
} from './handlers/bookings';
import { cancelBooking, confirmCancellation } from './handlers/cancellation';
import { getInstalments, updateInstalments } from './handlers/instalments';
import { confirmUpdate, quoteForUpdate } from './handlers/modification';
import { addQuotes, createQuote, deleteQuotes, getQuote, updateQuote } from './handlers/quotes';
import { LIVE_KEY_MESSAGE, liveCredentialProblem, liveKeyIn } from './live-keys';
import { xcoverProviderStates } from './provider-states';
import { XCOVER_REASONS } from './reasons';
import { createXCoverState, type XCoverState } from './state';

/** The partner code a request's path names: `/partners/{partner_code}/...` under any base path. */
const PARTNER_IN_PATH = /\/partners\/([^/]+)\//;

/**
 * XCover's HMAC `Signature` scheme: the verifier from src/ (what integrators can run themselves), on the
 * sandbox clock, then the partner check (an API key belongs to one partner). Live-shaped keys are refused
 * before any of it.
 */
const xcoverSignature: SecuritySchemeHandler = (request, { credentials, settings, now }) => {
  const liveKey = liveKeyIn(request.headers);
  if (liveKey !== undefined) {
    // The key itself stays out of the journal: it is a real credential.
    const checked = { liveKeyIn: liveKey };
    return { ok: false, status: 401, reason: 'XCOVER_LIVE_KEY', message: LIVE_KEY_MESSAGE, checked };
  }
  const verification = verifyXCoverSignature(
    { method: request.method, path: request.path, headers: request.headers },
    { apiKey: credentials.apiKey as string, apiSecret: credentials.apiSecret as string },
    {
      now,
      clockSkewSeconds: Number(settings.clockSkewSeconds),
      requireApiKey: settings.requireApiKey === true,
    },
  );
  if (!verification.ok) {
    const checked = { ...verification.checked, detail: verification.detail };
    return { ok: false, status: 401, reason: verification.reason, message: verification.message, checked };
  }
  const checked = verification.checked as Readonly<Record<string, unknown>>;
  const partner = PARTNER_IN_PATH.exec(request.path)?.[1];
  if (partner !== undefined && partner !== credentials.partnerCode) {
    return {
      ok: false,
      status: 401,
      reason: 'XCOVER_PARTNER_MISMATCH',
      message: 'No valid API key was provided',
      checked,
    };
  }
  return { ok: true, checked };
};

export const xcoverProvider: ProviderDefinition<XCoverState> = {
  name: 'xcover',
  specPath: XCOVER_SPEC_PATH,
  // LLODT is XCover's own staging test partner ("TESTING PARTNER"), as in the recorded traffic.
  defaultCredentials: {
    partnerCode: 'LLODT',
    apiKey: 'xcover_test_api_key',
    apiSecret: 'xcover_test_api_secret',
  },
  defaultSettings: {
    /** Allowed distance between the Date header and the sandbox clock, both ways (inferred; Tyk's default window). */
    clockSkewSeconds: 300,
    /** The docs call X-Api-Key mandatory, the official Python SDK never sends it and staging accepts that. */
    requireApiKey: false,
    /** How long an idempotent response is replayed (documented: 48 h). */
    idempotencyRetentionHours: 48,
    /** How long a previewed cancellation can be confirmed (recorded: about 24 h). */
    cancellationConfirmHours: 24,
    /** How many quote packages the sandbox keeps; past that the oldest are forgotten (memory stays bounded). */
    maxQuotePackages: 2000,
    /**
     * How many bytes (estimated) the quote packages may hold together, 1 MiB to 1 GiB; past that the oldest
     * are forgotten. Bounds memory whatever the bodies' sizes, where `maxQuotePackages` bounds only the count.
     */
    maxStateBytes: 64 * 1024 * 1024,
  },
  liveCredentialProblem,
  securitySchemes: { XCoverSignature: xcoverSignature },
  reasons: XCOVER_REASONS,
  errorBody: xcoverErrorBody,
  faultBody: xcoverFaultBody,
  validationError: xcoverValidationError,
  idempotency: {
    header: 'x-idempotency-key',
    retentionSeconds: (settings) => Number(settings.idempotencyRetentionHours) * 3600,
    replayStatus: 409,
    inFlightStatus: 423,
    // Not documented: a reused key with another body is refused as a validation error (inferred).
    mismatchStatus: 422,
  },
  // Recorded on every staging response: XCover configures no quota, so the limits read -1.
  commonResponseHeaders: {
    'X-Ratelimit-Limit': '-1',
    'X-Ratelimit-Remaining': '-1',
    'X-Ratelimit-Reset': '1568836675',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
  },
  sensitiveHeaders: ['authorization', 'x-api-key'],
  createState: createXCoverState,
  handlers: {
    createQuote,
    getQuote,
    updateQuote,
    addQuotes,
    deleteQuotes,
    createBooking,
    instantBooking,
    getBooking,
    listBookings,
    confirmBooking,
    modifyBooking,
    quoteForUpdate,
    confirmUpdate,
    cancelBooking,
    confirmCancellation,
    sendEmail,
    getInstalments,
    updateInstalments,
    optOut,
  },
  providerStates: xcoverProviderStates,
};
