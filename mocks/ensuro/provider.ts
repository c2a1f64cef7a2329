import { verifyEnsuroBodySignature } from '../../src/ensuro/body-verifier';
import { HARDHAT_ACCOUNT_0, HARDHAT_ACCOUNT_1 } from '../../src/ensuro/test-keys';
import { sameSecret } from '../../src/shared/constant-time';
import { apiKeyHeader } from '../runtime/credentials/extract';
import { maxStateBytesSetting, webhookUrlSetting, webhookTimeoutSetting } from '../runtime/common-settings';
import type {
  Credentials,
  PrincipalClaims,
  ProviderDefinition,
  SecuritySchemeHandler,
} from '../runtime/provider';
import { securityOutcomeOf } from '../runtime/security-outcome';
import { locateSpec } from '../runtime/spec';
import { ensuroClientAuth } from './client-auth';
import { ensuroErrorBody, ensuroValidationError } from './errors';
import { cancelPolicy, newPolicy, replacePolicy, resolvePolicy } from './handlers/policies';
import { instanceOf, pricerAddressOf } from './instance';
import { ensuroProviderStates } from './provider-states';
import { createQuote, refuse } from './quotes';
import { ENSURO_REASONS } from './reasons';
import { createEnsuroState, type EnsuroState } from './state';

const PARTNER_UNKNOWN = 'The current request is not defined by this API.';
const ADDRESS = { type: 'string', pattern: '^0x[0-9a-fA-F]{40}$' } as const;

function ensuroPrincipal(credentials: Credentials): PrincipalClaims {
  return { subject: 'API key', keys: [credentials.apiKey as string], partner: credentials.partner as string };
}

/** `x-api-key` (the gateway's check), after the partner in the path: another partner's API does not exist here. */
const ensuroApiKey: SecuritySchemeHandler<EnsuroState> = (request, { credentials }) => {
  if (request.params.partner !== credentials.partner) {
    return {
      ok: false,
      status: 404,
      reason: 'ENSURO_PARTNER_UNKNOWN',
      message: PARTNER_UNKNOWN,
      checked: { partner: request.params.partner },
    };
  }
  const sent = apiKeyHeader(request.headers, 'x-api-key');
  if (sent.kind === 'missing') {
    return {
      ok: false,
      status: 401,
      reason: 'ENSURO_API_KEY_MISSING',
      message:
        "UNAUTHENTICATED: Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      checked: { present: false },
      missing: true,
    };
  }
  if (sent.kind === 'malformed' || !sameSecret(sent.key, credentials.apiKey as string)) {
    const message = 'INVALID_ARGUMENT: API key not valid. Please pass a valid API key.';
    return { ok: false, status: 400, reason: 'ENSURO_API_KEY_WRONG', message, checked: { present: true } };
  }
  return { ok: true, checked: { present: true }, principal: ensuroPrincipal(credentials) };
};

/**
 * The body signature of the policy operations: the verifier from src/ (integrators can run it themselves) with
 * the partner's signer and the `authorizedSigners` setting; a revoked HMAC secret or signer key is refused too.
 */
const ensuroBodySignature: SecuritySchemeHandler<EnsuroState> = (
  request,
  { credentials, settings, isRevoked },
) => {
  const signerAddress = credentials.signerAddress as string;
  const authorizedSigners = [signerAddress, ...((settings.authorizedSigners as string[] | undefined) ?? [])];
  const verification = verifyEnsuroBodySignature(
    { headers: request.headers, rawBody: request.rawBody },
    { hmacSecret: credentials.hmacSecret as string, authorizedSigners },
  );
  const outcome = securityOutcomeOf(verification, { status: 400 });
  if (!verification.ok) return outcome;
  const revoked =
    verification.checked.method === 'hmac'
      ? isRevoked(credentials.hmacSecret as string)
      : verification.signer?.toLowerCase() === signerAddress.toLowerCase() &&
        isRevoked(credentials.signerPrivateKey as string);
  if (!revoked) return outcome;
  return {
    ok: false,
    status: 401,
    reason: 'ENSURO_KEY_REVOKED',
    message: 'This key has been revoked.',
    checked: outcome.checked,
  };
};

export const ensuroProvider: ProviderDefinition<EnsuroState> = {
  name: 'ensuro',
  specPath: locateSpec(__dirname, 'ensuro.yaml'),
  // Hardhat's well-known account #0 signs as the partner: a published test key, never a real one.
  defaultCredentials: {
    partner: 'example',
    apiKey: 'ensuro_test_api_key',
    hmacSecret: 'ensuro_test_hmac_secret',
    signerPrivateKey: HARDHAT_ACCOUNT_0.privateKey,
    signerAddress: HARDHAT_ACCOUNT_0.address,
  },
  keysInForce: (credentials) =>
    [credentials.apiKey, credentials.hmacSecret, credentials.signerPrivateKey].filter(
      (key): key is string => typeof key === 'string',
    ),
  publicCredentials: ['partner', 'signerAddress'],
  principalSettings: ['authorizedSigners'],
  settings: {
    authorizedSigners: {
      default: [],
      schema: { type: 'array', maxItems: 50, uniqueItems: true, items: ADDRESS },
      description:
        'Further addresses allowed to sign policy calls with X-EIP191-Signature (signerAddress always is).',
    },
    clientSigning: {
      default: 'hmac',
      schema: { type: 'string', enum: ['hmac', 'eip191'] },
      description:
        'How `partner-sandbox verify` signs policy calls: X-Ensuro-Signature with hmacSecret, or X-EIP191-Signature by the signer key (the sandbox accepts either).',
    },
    webhookUrl: webhookUrlSetting('Where policy notifications are POSTed.'),
    webhookTimeoutMs: webhookTimeoutSetting(),
    riskModule: {
      default: '0x79D1cA16Cf39367f9d7A66974ee2627f45857029',
      schema: ADDRESS,
      description:
        'The risk module address quotes are signed for and ensuro_ids derive from (the guide’s example).',
    },
    pricerPrivateKey: {
      default: HARDHAT_ACCOUNT_1.privateKey,
      // Not zero and below the curve order n (keys from 31 leading f's up are refused; n begins with 31 f's).
      schema: { type: 'string', pattern: '^0x(?!0{64})(?!f{31})[0-9a-f]{64}$' },
      description:
        'The pricer key that signs quotes (OPTIONS reports its address as `signer`); Hardhat’s test account #1.',
    },
    lossProbability: {
      default: '0.105',
      schema: { type: 'string', pattern: '^0\\.[0-9]{0,17}[1-9]$' },
      description: 'The loss probability every quote gets (Inferred pricing: one figure for every risk).',
    },
    bucketId: {
      default: null,
      schema: { type: ['string', 'null'], minLength: 1, maxLength: 64 },
      description:
        'A bucket name: quotes then carry `bucket_id` and are signed in the SignedBucketRiskModule layout.',
    },
    quoteValiditySeconds: {
      default: 3600,
      schema: { type: 'integer', minimum: 1, maximum: 604_800 },
      description: 'How long a quote is valid (`valid_until` = sandbox now + this); Inferred.',
    },
    maxPolicyDurationDays: {
      default: 365,
      schema: { type: 'integer', minimum: 1, maximum: 3650 },
      description:
        'Longer policies fail on chain ("Policy exceeds max duration", notified as policy/creation/failed); Inferred.',
    },
    maxPolicies: {
      default: 10_000,
      schema: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      description: 'How many policies the sandbox keeps; past that the oldest are forgotten.',
    },
    maxStateBytes: maxStateBytesSetting('the policies'),
  },
  securitySchemes: { EnsuroApiKey: ensuroApiKey, EnsuroBodySignature: ensuroBodySignature },
  defaultPrincipal: ensuroPrincipal,
  reasons: ENSURO_REASONS,
  errorBody: ensuroErrorBody,
  validationError: ensuroValidationError,
  sensitiveHeaders: ['x-api-key', 'x-ensuro-signature', 'x-eip191-signature'],
  createState: createEnsuroState,
  handlers: {
    getInstanceInfo: ({ params, credentials, settings }) => {
      if (params.partner !== credentials.partner) throw refuse('ENSURO_PARTNER_UNKNOWN', PARTNER_UNKNOWN);
      const instance = instanceOf(settings);
      return {
        status: 200,
        body: {
          risk_module: instance.riskModule,
          signer: pricerAddressOf(instance),
          decimals: instance.decimals,
          topic: instance.topic,
        },
      };
    },
    createQuote,
    createQuoteLegacy: createQuote,
    newPolicy,
    resolvePolicy,
    replacePolicy,
    cancelPolicy,
  },
  providerStates: ensuroProviderStates,
  clientAuth: ensuroClientAuth,
};
