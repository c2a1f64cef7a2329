import type { ReasonCatalogue } from '../runtime/reasons';
import { refusals } from '../runtime/reasons';

const TOKEN_FIX =
  'Create a new session (`POST /api/v1/auth/sessions`, then the account session) and send its token.';

/**
 * Codes of the Kigo mock's own refusals. Kigo documents only that a bad token gets "an authentication error":
 * every authentication refusal is a 401 in the same body, and the reason code tells the causes apart.
 */
export const KIGO_REASONS = {
  KIGO_API_KEY_WRONG: {
    status: 401,
    meaning:
      'The `api_key` of `POST /api/v1/auth/sessions` is not the API key of any partner of the sandbox.',
    fix: 'Send the `apiKey` of `partner-sandbox credentials` (or of an `otherPartners` entry).',
  },
  KIGO_PARTNER_ID_WRONG: {
    status: 401,
    meaning: 'The API key is known, but the `partner_id` sent with it is not the partner it was issued to.',
    fix: 'Send the `partnerId` that goes with the key (`partner-sandbox credentials`).',
  },
  KIGO_TOKEN_MISSING: {
    status: 401,
    meaning:
      'The operation needs `Authorization: Bearer <token>` and the request has no Authorization header.',
    fix: 'Send the partner token (partner-level operations) or the account access token (account and wallet operations).',
  },
  KIGO_TOKEN_MALFORMED: {
    status: 401,
    meaning:
      'The Authorization header is sent more than once or is not `Bearer <token>`, or the token (header or body) is not shaped as the tokens the sandbox issues.',
    fix: 'Send `Authorization: Bearer <token>` with the token exactly as the session answer gave it.',
  },
  KIGO_TOKEN_UNKNOWN: {
    status: 401,
    meaning: 'The token is well formed but was never issued by this sandbox (or was forgotten on reset).',
    fix: TOKEN_FIX,
  },
  KIGO_TOKEN_EXPIRED: {
    status: 401,
    meaning:
      'The token’s lifetime has passed on the sandbox clock: partner tokens live `partnerTokenTtlSeconds` (30 min), access tokens `userTokenTtlSeconds`, refresh tokens `refreshTokenTtlSeconds`.',
    fix: 'Renew the partner token (before it expires, or on this error); refresh an expired access token.',
  },
  KIGO_TOKEN_REVOKED: {
    status: 401,
    meaning:
      'The token was replaced: a refresh revokes the access and refresh token it came with (Inferred: a refresh token works once).',
    fix: 'Use the tokens the latest refresh returned.',
  },
  KIGO_PARTNER_TOKEN_REQUIRED: {
    status: 401,
    meaning:
      'An account access token was sent to a partner-level operation (account sessions, SSO sessions, lookup).',
    fix: 'Send the partner token from `POST /api/v1/auth/sessions` to partner-level operations.',
  },
  KIGO_ACCOUNT_TOKEN_REQUIRED: {
    status: 401,
    meaning: 'A partner token was sent to an account-level operation (profile, stage, wallet).',
    fix: 'Create an account session (`POST /api/v1/auth/sessions/accounts`) and send its access token.',
  },
  KIGO_REFRESH_TOKEN_AS_ACCESS: {
    status: 401,
    meaning:
      'A refresh token was sent as a Bearer token; it only works in the body of the refresh operation.',
    fix: 'Send the access token (`token`) as Bearer; keep the refresh token for `POST /api/v1/auth/sessions/accounts/refresh`.',
  },
  KIGO_ACCESS_TOKEN_AS_REFRESH: {
    status: 401,
    meaning: 'The refresh operation got an access or partner token in `refresh_token`.',
    fix: 'Send the `refresh_token` of the account session (or of the latest refresh).',
  },
  KIGO_SSO_SESSION_UNKNOWN: {
    status: 401,
    meaning: 'No SSO session with this id exists in the sandbox (or it was forgotten on reset).',
    fix: 'Create one with `POST /api/v1/accounts/sso-sessions` and use its `session_id`.',
  },
  KIGO_SSO_SESSION_EXPIRED: {
    status: 401,
    meaning: 'The SSO session is older than 30 minutes (`ssoSessionTtlSeconds`) on the sandbox clock.',
    fix: 'Create a new SSO session right before opening the partner hub.',
  },
  KIGO_SSO_SESSION_USED: {
    status: 401,
    meaning: 'The SSO session was created with `single_use: true` and has been exchanged already.',
    fix: 'Create a new SSO session for every hub visit, or create it without `single_use`.',
  },
  KIGO_ACCOUNT_NOT_FOUND: {
    status: 404,
    meaning:
      'The partner has no account for these external ids (another partner’s accounts are not found either).',
    fix: 'Create the account first (an account session or an SSO session creates it), with the same external ids.',
  },
  KIGO_TOKEN_NOT_FOUND: {
    status: 404,
    meaning: 'The caller’s wallet holds no token with this id.',
    fix: 'Use an id from the caller’s gallery (`GET /api/v1/tokens`).',
  },
  KIGO_CLAIM_CODE_INVALID: {
    status: 404,
    meaning:
      'The claim code stands for no pending share of this partner: never issued, already claimed, or its share was cancelled.',
    fix: 'Use the `claim_code` a share returned, before it is claimed or cancelled.',
  },
  KIGO_CLAIM_OWN_TOKEN: {
    status: 422,
    meaning: 'The caller tried to claim a token it shared itself (Inferred rule).',
    fix: 'Cancel the share instead (`DELETE /api/v1/tokens/{token_id}/share`), or claim from the recipient’s account.',
  },
  KIGO_ACTION_NOT_ALLOWED: {
    status: 422,
    meaning:
      'The token’s flags do not allow the action (`flags.is_revealable`, `is_shareable`, `is_redeemable`, `is_hideable`).',
    fix: 'Check `flags` and `supported_actions` of the token before acting on it.',
  },
  KIGO_TOKEN_ALREADY_REVEALED: {
    status: 422,
    meaning: 'The token was revealed before; revealing works once.',
    fix: 'Read the token (`GET /api/v1/tokens/{token_id}`): its child tokens carry their codes.',
  },
  KIGO_TOKEN_ALREADY_REDEEMED: {
    status: 422,
    meaning: 'The token was redeemed; it can be neither redeemed again nor shared.',
    fix: 'Check `status` (and `supported_actions`) before acting on a token.',
  },
  KIGO_TOKEN_SHARE_PENDING: {
    status: 422,
    meaning:
      'The token is shared and waits for its claim code to be claimed; it cannot be redeemed or shared again.',
    fix: 'Cancel the share first (`DELETE /api/v1/tokens/{token_id}/share`).',
  },
  KIGO_TOKEN_NOT_SHARED: {
    status: 422,
    meaning: 'There is no pending share of this token to cancel.',
    fix: 'Only a token in status `pending_share` has a share to cancel.',
  },
} as const satisfies ReasonCatalogue;

export type KigoReason = keyof typeof KIGO_REASONS;

export const refuse = refusals(KIGO_REASONS);
