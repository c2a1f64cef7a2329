import type { ProviderDefinition } from '../runtime/provider';
import { maxStateBytesSetting } from '../runtime/common-settings';
import { ownerOfToken } from './accounts';
import { bearerScheme } from './auth';
import { kigoClientAuth } from './client-auth';
import { kigoErrorBody, kigoValidationError } from './errors';
import {
  getAccountStage,
  getProfile,
  lookupAccountByExternalIds,
  updateAccountStage,
  updateProfile,
} from './handlers/accounts';
import {
  createAccountSession,
  createPartnerSession,
  createSsoSession,
  exchangeSsoSession,
  refreshAccountSession,
} from './handlers/sessions';
import {
  cancelTokenShare,
  claimToken,
  getToken,
  getTokenByClaimCode,
  hideToken,
  listTokens,
  redeemToken,
  revealToken,
  shareToken,
} from './handlers/wallet';
import { partnersOf } from './partners';
import { kigoProviderStates } from './provider-states';
import { KIGO_REASONS } from './reasons';
import { createKigoState, type KigoState } from './state';
import { kigoStateReads } from './state-reads';
import { KIGO_SPEC_PATH } from './wallet';

const ttlSchema = (maximum: number) => ({ type: 'integer', minimum: 60, maximum });
const DAY = 86_400;

export const kigoProvider: ProviderDefinition<KigoState> = {
  name: 'kigo',
  specPath: KIGO_SPEC_PATH,
  defaultCredentials: { apiKey: 'kigo_test_api_key', partnerId: 'kigo-test-partner' },
  // The partner id is an identifier sent beside the key; the key is the secret.
  publicCredentials: ['partnerId'],
  principalSettings: ['otherPartners'],
  keysInForce: (credentials, settings) => partnersOf(credentials, settings).map((partner) => partner.apiKey),
  settings: {
    partnerTokenTtlSeconds: {
      default: 1800,
      schema: ttlSchema(DAY),
      description: 'How long a partner session token lives on the sandbox clock (documented: 30 minutes).',
    },
    userTokenTtlSeconds: {
      default: 3600,
      schema: ttlSchema(30 * DAY),
      description:
        'How long an account access token lives. Kigo’s reference says 1 hour, its guide 30 minutes (1800): set it to test either.',
    },
    refreshTokenTtlSeconds: {
      default: 365 * DAY,
      schema: ttlSchema(10 * 365 * DAY),
      description: 'How long an account refresh token lives (documented: 1 year).',
    },
    ssoSessionTtlSeconds: {
      default: 1800,
      schema: ttlSchema(DAY),
      description: 'How long an SSO session can be exchanged (documented: 30 minutes).',
    },
    otherPartners: {
      default: [],
      schema: {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['apiKey', 'partnerId'],
          properties: {
            apiKey: { type: 'string', minLength: 8, maxLength: 512, writeOnly: true },
            partnerId: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
      },
      description:
        'Further partners, each `{apiKey, partnerId}`: each sees only its own accounts, claim codes and tokens.',
    },
    maxStateBytes: maxStateBytesSetting('accounts, wallets, session tokens and SSO sessions'),
  },
  securitySchemes: { KigoPartnerToken: bearerScheme('partner'), KigoAccountToken: bearerScheme('access') },
  clientAuth: kigoClientAuth,
  defaultPrincipal: (credentials) => ({
    subject: 'partner API key',
    keys: [credentials.apiKey as string],
    partner: credentials.partnerId as string,
  }),
  authorization: {
    ownerOf: ({ params, state }) =>
      params.token_id === undefined ? undefined : ownerOfToken(state, params.token_id)?.id,
    notFound: () => ({ message: 'Token not found.' }),
  },
  reasons: KIGO_REASONS,
  errorBody: kigoErrorBody,
  validationError: kigoValidationError,
  sensitiveHeaders: ['authorization'],
  // Issued tokens travel in bodies both ways; the journal shows none of them.
  sensitiveBodyFields: [
    'token',
    'refresh_token',
    'account_space_api_session_token',
    'account_space_api_refresh_token',
    'session_id',
    'api_key',
  ],
  createState: createKigoState,
  stateReads: kigoStateReads,
  handlers: {
    createPartnerSession,
    createAccountSession,
    refreshAccountSession,
    createSsoSession,
    exchangeSsoSession,
    lookupAccountByExternalIds,
    getProfile,
    updateProfile,
    getAccountStage,
    updateAccountStage,
    listTokens,
    getToken,
    getTokenByClaimCode,
    claimToken,
    revealToken,
    redeemToken,
    shareToken,
    cancelTokenShare,
    hideToken,
  },
  providerStates: kigoProviderStates,
};
