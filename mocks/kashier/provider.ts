import { locateSpec } from '../runtime/spec';
import { maxStateBytesSetting, webhookUrlSetting, webhookTimeoutSetting } from '../runtime/common-settings';
import type { ProviderDefinition } from '../runtime/provider';
import { kashierErrorBody, kashierErrorPage, kashierValidationError } from './errors';
import {
  completeChallenge,
  getCheckoutScript,
  openCheckout,
  openSessionCheckout,
  submitCheckout,
} from './handlers/checkout';
import { getOrder, refundOrder, refundTransaction } from './handlers/orders';
import {
  createPaymentRequest,
  deletePaymentRequest,
  getPaymentRequest,
  listPaymentRequests,
  sharePaymentRequest,
  updatePaymentRequest,
} from './handlers/payment-requests';
import { listInstallmentBanks, listInstallmentPlans } from './handlers/installments';
import { DEFAULT_INSTALLMENT_BANKS, INSTALLMENT_BANKS_SCHEMA } from './installments';
import { createPaymentSession, getPaymentSession, getSessionPayment } from './handlers/sessions';
import { kashierProviderStates } from './provider-states';
import { KASHIER_REASONS } from './reasons';
import { kashierClientAuth } from './client-auth';
import { membersOf, OPERATION_PERMISSIONS, PERMISSIONS } from './roles';
import { orderHashScheme, paymentApiKeyScheme, secretKeyScheme } from './security';
import { createKashierState, type KashierState } from './state';
import { secretKeyCaller } from './keys';

/** A secret key as Kashier shapes them (`<hex>$<hex>`), for members' keys in the config. */
const SECRET_KEY_SCHEMA = { type: 'string', pattern: '^[0-9A-Za-z]{8,128}\\$[0-9A-Za-z]{8,256}$' };

export const kashierProvider: ProviderDefinition<KashierState> = {
  name: 'kashier',
  specPath: locateSpec(__dirname, 'kashier.yaml'),
  // Fake keys in Kashier's formats; the live ones exist only to prove that the modes are kept apart.
  defaultCredentials: {
    merchantId: 'MID-3552-454',
    secretKey:
      '317ae8c2d7aa4872bd714919c73b7a15$b37b9836345bb76530eee20d7cfbf16051f0de5c0883febc91195b30253232dd623040448f588c36fa3c5ace45ecca60',
    paymentApiKey: '6cfbec4d-ce70-4043-8319-b48c978500c2',
    liveSecretKey:
      'c04177bbb467e959fdcbad1a4a025e62$b0770c461832641280e57a303ff4120007840a907700b682ff9e4aa68c46a5bb2e8614434cff0986a78ff06ca1865b7a',
    livePaymentApiKey: '341df4c7-d85b-44b6-bed0-15b6ae2144fc',
  },
  settings: {
    members: {
      default: [
        {
          email: 'viewer@merchant.example',
          role: 'viewer',
          secretKey: '9f86d081884c7d65$9a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        },
      ],
      schema: {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['email', 'role', 'secretKey'],
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 254 },
            role: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
            secretKey: { ...SECRET_KEY_SCHEMA, writeOnly: true },
          },
        },
      },
      description:
        'Team members, each with a role and a secret key of their own (test mode). A role is a default role (admin, developer, accountant, viewer; inferred) or one of `roles`; an unknown role has no permission.',
    },
    roles: {
      default: {},
      schema: {
        type: 'object',
        maxProperties: 50,
        propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' },
        additionalProperties: {
          type: 'array',
          maxItems: PERMISSIONS.length,
          uniqueItems: true,
          items: { enum: PERMISSIONS },
        },
      },
      description: `Custom roles: {"name": [permission, ...]}; permissions: ${PERMISSIONS.join(', ')} (inferred names).`,
    },
    storeName: {
      default: 'Kashier Sandbox Store',
      schema: { type: 'string', minLength: 1, maxLength: 100 },
      description:
        'The merchant’s store name, as order details (`merchantDetails.storeName`) and invoices (`merchantInfo.storeName`) show it.',
    },
    installmentBanks: {
      default: DEFAULT_INSTALLMENT_BANKS,
      schema: INSTALLMENT_BANKS_SCHEMA,
      description:
        'The banks and plans of bank installments: `[{id: "FI-n", abbreviation, nameEn, nameAr, minimumAmount, termsUrlEn, termsUrlAr, bins: [{prefix, product}], plans: [{months, interestRate}]}]` (inferred defaults: a stand-in bank per test card).',
    },
    webhookUrl: webhookUrlSetting('Where server notifications go when a payment names no `serverWebhook`.'),
    webhookTimeoutMs: webhookTimeoutSetting(),
    rejectLocalRedirects: {
      default: false,
      schema: { type: 'boolean' },
      description:
        'Refuse a session whose `merchantRedirect` is on localhost or a loopback address, as real Kashier does (off: local tests redirect to local servers).',
    },
    maxStateBytes: maxStateBytesSetting('sessions, orders, open checkouts and payment requests'),
  },
  keysInForce: (credentials, settings) => [
    ...Object.entries(credentials)
      .filter(([field]) => field !== 'merchantId')
      .map(([, value]) => value),
    ...membersOf(settings).map((member) => member.secretKey),
  ],
  publicCredentials: ['merchantId'],
  principalSettings: ['members'],
  clientAuth: kashierClientAuth,
  securitySchemes: {
    SecretKey: secretKeyScheme,
    PaymentApiKey: paymentApiKeyScheme,
    OrderHash: orderHashScheme,
  },
  defaultPrincipal: (credentials, settings) =>
    secretKeyCaller(credentials.secretKey as string, credentials, settings) ?? {
      subject: 'secret key (owner, test)',
      keys: [],
    },
  authorization: {
    permissions: OPERATION_PERMISSIONS,
    notFound: () => ({ message: 'Not found' }),
  },
  reasons: KASHIER_REASONS,
  errorBody: kashierErrorBody,
  errorPage: kashierErrorPage,
  validationError: kashierValidationError,
  sensitiveHeaders: ['authorization', 'api-key'],
  createState: createKashierState,
  handlers: {
    createPaymentSession,
    getPaymentSession,
    getSessionPayment,
    getOrder,
    refundOrder,
    refundTransaction,
    createPaymentRequest,
    createPaymentRequestWithSlash: createPaymentRequest,
    getPaymentRequest,
    listPaymentRequests,
    sharePaymentRequest,
    deletePaymentRequest,
    updatePaymentRequest,
    listInstallmentBanks,
    listInstallmentPlans,
    openCheckout,
    getCheckoutScript,
    openSessionCheckout,
    submitCheckout,
    completeChallenge,
  },
  providerStates: kashierProviderStates,
};
