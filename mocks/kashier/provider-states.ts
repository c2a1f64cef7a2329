import type { ProviderStateHandler, ProviderStateContext } from '../runtime/provider';
import { membersOf } from './roles';
import type { KashierState } from './state';

/** Creates a test-mode payment session through its handler; returns its id. */
async function createSession(
  params: Readonly<Record<string, unknown>>,
  { handle, credentials }: ProviderStateContext<KashierState>,
): Promise<{ sessionId: string; order: string }> {
  const order = String(params.merchantOrderId ?? `ORD-${Date.now()}`);
  const created = await handle('createPaymentSession', {
    body: {
      amount: String(params.amount ?? '450.00'),
      currency: 'EGP',
      order,
      merchantId: credentials.merchantId,
      merchantRedirect: 'https://merchant.example/kashier/return',
      customer: { email: 'buyer@example.com', reference: 'CUST-1' },
    },
  });
  return { sessionId: (created.body as { _id: string })._id, order };
}

/**
 * Pays a session on its page with the approving test card, through the page's own handlers. An order already
 * paid under that merchant order id is the state already: a verification that sets it for several interactions
 * without a reset gets the same order.
 */
const paidOrder: ProviderStateHandler<KashierState> = async (params, context) => {
  const existing = context.state.test.orders.get(String(params.merchantOrderId ?? ''));
  if (existing) {
    return {
      merchantOrderId: existing.merchantOrderId,
      orderId: existing.orderId,
      transactionId: existing.transactions[0]?.transactionId,
    };
  }
  const { sessionId, order } = await createSession(params, context);
  await context.handle('openSessionCheckout', { params: { sessionId } });
  const checkout = [...context.state.test.checkouts.values()].find(
    (candidate) => candidate.sessionId === sessionId,
  );
  await context.handle('submitCheckout', {
    body: {
      checkout: checkout?.id,
      cardNumber: '5123450000000008',
      cardHolderName: 'Test Buyer',
      expiryMonth: '12',
      expiryYear: '30',
      cvv: '123',
    },
  });
  const paid = context.state.test.orders.get(order);
  return {
    sessionId,
    merchantOrderId: order,
    orderId: paid?.orderId,
    transactionId: paid?.transactions[0]?.transactionId,
  };
};

/**
 * A team member with the given role (default `viewer`) from the config: answers the member's secret key, so a
 * contract's role-bound request carries a key the server under test knows (its own member, not an example).
 */
const memberWithRole: ProviderStateHandler<KashierState> = (params, { settings }) => {
  const role = String(params.role ?? 'viewer');
  const member = membersOf(settings).find((candidate) => candidate.role === role);
  if (!member) throw new Error(`no team member with the role "${role}" in the config (members)`);
  return { email: member.email, secretKey: member.secretKey };
};

export const kashierProviderStates: Readonly<Record<string, ProviderStateHandler<KashierState>>> = {
  'a payment session exists': createSession,
  'a paid order exists': paidOrder,
  'a team member with a role exists': memberWithRole,
};
