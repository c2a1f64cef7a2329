import type { Settings } from '../runtime/provider';

/** The permission each operation needs (inferred names: the dashboard's permissions have no public API). */
export const OPERATION_PERMISSIONS = {
  createPaymentSession: 'payment-sessions:create',
  getPaymentSession: 'payment-sessions:read',
  getSessionPayment: 'payment-sessions:read',
  getOrder: 'orders:read',
  refundOrder: 'refunds:create',
  refundTransaction: 'refunds:create',
  createPaymentRequest: 'payment-requests:create',
  createPaymentRequestWithSlash: 'payment-requests:create',
  getPaymentRequest: 'payment-requests:read',
  listPaymentRequests: 'payment-requests:read',
  sharePaymentRequest: 'payment-requests:create',
  deletePaymentRequest: 'payment-requests:create',
  updatePaymentRequest: 'payment-requests:create',
} as const;

export const PERMISSIONS = [...new Set(Object.values(OPERATION_PERMISSIONS))];

/** The default roles (inferred: Kashier names default roles but publishes neither names nor permissions). */
export const DEFAULT_ROLES: Readonly<Record<string, readonly string[]>> = {
  admin: PERMISSIONS,
  developer: ['payment-sessions:create', 'payment-sessions:read', 'orders:read'],
  accountant: [
    'orders:read',
    'refunds:create',
    'payment-requests:create',
    'payment-requests:read',
    'payment-sessions:read',
  ],
  viewer: ['orders:read', 'payment-sessions:read', 'payment-requests:read'],
};

export interface Member {
  readonly email: string;
  readonly role: string;
  readonly secretKey: string;
}

export const membersOf = (settings: Settings): readonly Member[] =>
  (settings.members ?? []) as unknown as readonly Member[];

/** A role's permissions: a custom role of the config first, then a default role; an unknown role has none. */
export function permissionsOf(role: string, settings: Settings): readonly string[] {
  const custom = (settings.roles ?? {}) as Readonly<Record<string, readonly string[]>>;
  if (Object.hasOwn(custom, role)) return custom[role] as readonly string[];
  return Object.hasOwn(DEFAULT_ROLES, role) ? (DEFAULT_ROLES[role] as readonly string[]) : [];
}
