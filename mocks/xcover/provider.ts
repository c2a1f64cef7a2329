import { verifyXCoverSignature } from '../../src/xcover/signature';
import { XCOVER_AUTH_REASONS } from '../../src/xcover/signature/reasons';
import { repeatedHeader } from '../runtime/credentials/extract';
import type {
  Credentials,
  PrincipalClaims,
  ProviderDefinition,
  SecuritySchemeHandler,
} from '../runtime/provider';
import { maxStateBytesSetting } from '../runtime/common-settings';
import { securityOutcomeOf } from '../runtime/security-outcome';
import { XCOVER_SPEC_PATH } from './catalogue';
import { xcoverClientAuth } from './client-auth';
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

/**
 * XCover's HMAC `Signature` scheme: the verifier from src/ (what integrators can run themselves), on the
 * sandbox clock, then the partner check: an API key belongs to one partner, the one the path names.
 * Live-shaped keys, and a credential header sent twice (which header would be the signed one?), are refused
 * before any of it.
 */
const xcoverSignature: SecuritySchemeHandler = (request, { credentials, settings, now }) => {
  const repeated = repeatedHeader(request.headers, ['authorization', 'x-api-key', 'date']);
  if (repeated !== undefined) {
    const reason = repeated === 'date' ? 'XCOVER_DATE_MALFORMED' : 'XCOVER_AUTH_MALFORMED';
    const { message } = XCOVER_AUTH_REASONS[reason];
    return { ok: false, status: 401, reason, message, checked: { sentMoreThanOnce: repeated } };
  }
  const liveKey = liveKeyIn(request.headers);
  if (liveKey !== undefined) {
    // The key itself stays out of the journal: it is a real credential.
    const checked = { liveKeyIn: liveKey };
    return { ok: false, status: 401, reason: 'XCOVER_LIVE_KEY', message: LIVE_KEY_MESSAGE, checked };
  }
  const verification = verifyXCoverSignature(
    // The request target as signed: a namespace's path prefix included.
    { method: request.method, path: request.targetPath, headers: request.headers },
    { apiKey: credentials.apiKey as string, apiSecret: credentials.apiSecret as string },
    {
      now,
      clockSkewSeconds: Number(settings.clockSkewSeconds),
      requireApiKey: settings.requireApiKey === true,
    },
  );
  const outcome = securityOutcomeOf(verification, { status: 401, principal: xcoverPrincipal(credentials) });
  const partner = request.params.partner_code;
  if (!outcome.ok || partner === undefined || partner === credentials.partnerCode) return outcome;
  return {
    ok: false,
    status: 401,
    reason: 'XCOVER_PARTNER_MISMATCH',
    message: 'No valid API key was provided',
    checked: outcome.checked,
  };
};

/** The caller an XCover key pair authenticates: the partner it belongs to. */
function xcoverPrincipal(credentials: Credentials): PrincipalClaims {
  return {
    subject: 'API key',
    keys: [credentials.apiKey as string, credentials.apiSecret as string],
    partner: credentials.partnerCode as string,
  };
}

export const xcoverProvider: ProviderDefinition<XCoverState> = {
  name: 'xcover',
  specPath: XCOVER_SPEC_PATH,
  // LLODT is XCover's own staging test partner ("TESTING PARTNER"), as in the recorded traffic.
  defaultCredentials: {
    partnerCode: 'LLODT',
    apiKey: 'xcover_test_api_key',
    apiSecret: 'xcover_test_api_secret',
  },
  settings: {
    clockSkewSeconds: {
      default: 300,
      schema: { type: 'integer', minimum: 0, maximum: 86_400 },
      description:
        'Allowed distance between the Date header and the sandbox clock, both ways (inferred; Tyk’s default window).',
    },
    requireApiKey: {
      default: false,
      schema: { type: 'boolean' },
      description:
        'Make X-Api-Key mandatory: the docs call it mandatory, the official Python SDK never sends it and staging accepts that.',
    },
    idempotencyRetentionHours: {
      default: 48,
      // At least an hour: replay is a guarantee XCover documents, so no value turns it off.
      schema: { type: 'integer', minimum: 1, maximum: 720 },
      description: 'How long an idempotent response is replayed (documented: 48 h).',
    },
    cancellationConfirmHours: {
      default: 24,
      schema: { type: 'integer', minimum: 1, maximum: 720 },
      description: 'How long a previewed cancellation can be confirmed (recorded: about 24 h).',
    },
    maxQuotePackages: {
      default: 2000,
      schema: { type: 'integer', minimum: 1, maximum: 100_000 },
      description:
        'How many quote packages the sandbox keeps; past that the oldest are forgotten (memory stays bounded).',
    },
    maxStateBytes: maxStateBytesSetting('the quote packages'),
  },
  liveCredentialProblem,
  // The partner code names the partner in every path; the key and the secret are credentials.
  publicCredentials: ['partnerCode'],
  securitySchemes: { XCoverSignature: xcoverSignature },
  defaultPrincipal: xcoverPrincipal,
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
  // With the config's `rateLimit`, the 429 carries the gateway's quota headers (the names recorded below) with the
  // window's values and the XCover error envelope (type `throttled`); XCover's own limits are not public (inferred).
  rateLimited: ({ limit, remaining, resetAtMs }) => ({
    headers: {
      'X-Ratelimit-Limit': String(limit),
      'X-Ratelimit-Remaining': String(remaining),
      'X-Ratelimit-Reset': String(Math.floor(resetAtMs / 1000)),
    },
  }),
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
  // With the state in a shared store: the listing goes through every package.
  statePrefetch: { listBookings: { maps: ['packages'] } },
  providerStates: xcoverProviderStates,
  clientAuth: xcoverClientAuth,
};
