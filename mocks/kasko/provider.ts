import type { ProviderDefinition } from '../runtime/provider';
import { maxStateBytesSetting, webhookUrlSetting, webhookTimeoutSetting } from '../runtime/common-settings';
import {
  accountPrincipal,
  kaskoBasic,
  kaskoBearer,
  kaskoPublicKey,
  kaskoPublicKeyAlone,
  liveCredentialProblem,
  secretKeysOf,
} from './accounts';
import { kaskoClientAuth } from './client-auth';
import { KASKO_SPEC_PATH } from './catalogue';
import { kaskoErrorBody, kaskoValidationError } from './errors';
import { getDataset, getDatasetItem, listDatasetItems, listDistinctValues } from './handlers/data';
import { paymentNotFoundMessage, policyNotFoundMessage } from './handlers/common';
import { createPayment, getPayment } from './handlers/payments';
import { cancelPolicy, createOffer, getPolicy, reactivatePolicy, updatePolicy } from './handlers/policies';
import { createQuote, getQuoteLegacy } from './handlers/quotes';
import { createLead, createMedia, mediaNotFoundMessage, uploadMediaContent } from './handlers/uploads';
import { newGuid } from './ids';
import { kaskoProviderStates } from './provider-states';
import { KASKO_REASONS } from './reasons';
import { createKaskoState, policyAt, type KaskoState } from './state';

const TEST_SECRET_KEY = { type: 'string', pattern: '^sk_test_[A-Za-z0-9_]{1,128}$' };

export const kaskoProvider: ProviderDefinition<KaskoState> = {
  name: 'kasko',
  specPath: KASKO_SPEC_PATH,
  // Shaped as KASKO's examples: sk_test_ + 32 alphanumerics, pk_test_ + 32 hex, a product id, whsec_.
  defaultCredentials: {
    secretKey: 'sk_test_sandboxSecretKey0000000000000001',
    publicKey: 'pk_test_0123456789abcdef0123456789abcdef',
    productKey: 'ins_97980026870abce8b812668b2d11',
    webhookSecret: 'whsec_sandbox_webhook_secret',
  },
  // Public by design: KASKO ships the public key to browsers and names products in URLs.
  publicCredentials: ['publicKey', 'productKey'],
  principalSettings: ['otherSecretKeys'],
  settings: {
    otherSecretKeys: {
      default: [],
      schema: {
        type: 'array',
        items: { ...TEST_SECRET_KEY, writeOnly: true },
        maxItems: 50,
        uniqueItems: true,
      },
      description:
        'Further test secret keys, each its own account: objects one account creates are 404 to the others.',
    },
    otherProductKeys: {
      default: [],
      schema: {
        type: 'array',
        items: { type: 'string', minLength: 1, maxLength: 64 },
        maxItems: 50,
        uniqueItems: true,
      },
      description: 'Further product keys (quote `item_id`s) the sandbox prices, besides `productKey`.',
    },
    webhookUrl: webhookUrlSetting('Where `policy.created` / `policy.updated` notifications are POSTed.'),
    webhookTimeoutMs: webhookTimeoutSetting(),
    quoteTtlSeconds: {
      default: 3600,
      schema: { type: 'integer', minimum: 1, maximum: 2_592_000 },
      description:
        'How long a quote token can make an offer, on the sandbox clock (Inferred: not documented).',
    },
    paymentSettlementSeconds: {
      default: 0,
      schema: { type: 'integer', minimum: 0, maximum: 86_400 },
      description:
        'How long after its payment an offer reads as `paid` (0: from the next read; Inferred: KASKO says only that it is asynchronous).',
    },
    requireVersionedMediaType: {
      default: true,
      schema: { type: 'boolean' },
      description:
        'Refuse offer and policy requests without `Accept: application/vnd.kasko.v2+json` with 406 (Inferred answer).',
    },
    maxStateBytes: maxStateBytesSetting('quotes, policies, payments, media and leads'),
  },
  keysInForce: (credentials, settings) => [
    ...secretKeysOf(credentials, settings),
    credentials.publicKey as string,
  ],
  liveCredentialProblem,
  clientAuth: kaskoClientAuth,
  securitySchemes: {
    KaskoBasic: kaskoBasic,
    KaskoBearer: kaskoBearer,
    KaskoPublicKey: kaskoPublicKey,
    KaskoPublicKeyAlone: kaskoPublicKeyAlone,
  },
  defaultPrincipal: (credentials) => accountPrincipal(credentials.secretKey as string, 0),
  authorization: {
    ownerOf: ({ params, state }) =>
      params.policy_id !== undefined
        ? state.policies.get(params.policy_id)?.account
        : params.payment_id !== undefined
          ? state.payments.get(params.payment_id)?.account
          : params.media_id !== undefined
            ? state.media.get(params.media_id)?.account
            : undefined,
    notFound: ({ params }) => ({
      message:
        params.policy_id !== undefined
          ? policyNotFoundMessage(params.policy_id)
          : params.media_id !== undefined
            ? mediaNotFoundMessage(params.media_id)
            : paymentNotFoundMessage(params.payment_id ?? ''),
    }),
  },
  preconditions: {
    versionOf: ({ params, state, now }) => {
      const stored = state.policies.get(params.policy_id ?? '');
      if (!stored) return undefined;
      const policy = policyAt(stored, now.getTime());
      return { etag: `"${policy.version}"`, lastModified: new Date(policy.modifiedAtMs) };
    },
  },
  reasons: KASKO_REASONS,
  errorBody: kaskoErrorBody,
  validationError: kaskoValidationError,
  perResponseHeaders: () => ({ 'X-Request-Id': newGuid() }),
  sensitiveHeaders: ['authorization'],
  createState: createKaskoState,
  handlers: {
    createQuote,
    getQuoteLegacy,
    createOffer,
    getPolicy,
    updatePolicy,
    cancelPolicy,
    reactivatePolicy,
    createPayment,
    getPayment,
    createMedia,
    uploadMediaContent,
    createLead,
    getDataset,
    listDatasetItems,
    listDistinctValues,
    getDatasetItem,
  },
  providerStates: kaskoProviderStates,
};
