import type { ProviderStateHandler, ProviderStateContext } from '../runtime/provider';
import type { AnyProviderState } from '../runtime/provider-states';
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
 * Pays a session on its page with the approving test card, through the page's own handlers. Run again with the
 * same merchant order id (a contract run twice on a server never reset), it replaces the order it paid before,
 * refunds and all, so that every run finds a freshly paid order; an order paid under that id by anything else is
 * the state already and is answered as it is.
 */
const payOrder: ProviderStateHandler<KashierState> = async (params, context) => {
  if (context.previous !== undefined) removeOrder(context.previous, context.state);
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

/** Forgets what a paid-order or session state made: its session, the session's checkouts, its order. */
function removeOrder(made: Readonly<Record<string, unknown>>, state: KashierState): void {
  const { test } = state;
  const sessionId = made.sessionId;
  if (typeof sessionId === 'string') {
    test.sessions.delete(sessionId);
    for (const checkout of [...test.checkouts.values()])
      if (checkout.sessionId === sessionId) test.checkouts.delete(checkout.id);
  }
  const order = made.merchantOrderId ?? made.order;
  if (typeof order === 'string' && typeof sessionId === 'string') test.orders.delete(order);
}

export const kashierProviderStates: Readonly<Record<string, AnyProviderState<KashierState>>> = {
  'a payment session exists': {
    setup: createSession,
    teardown: (made, _params, { state }) => removeOrder(made, state),
  },
  'a paid order exists': {
    setup: payOrder,
    teardown: (made, _params, { state }) => removeOrder(made, state),
  },
  'a team member with a role exists': memberWithRole,
};
