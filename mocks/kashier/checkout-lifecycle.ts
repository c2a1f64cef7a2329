import { Lifecycle, type Precondition } from '../runtime/lifecycle';
import { modeStateOf, refuse, type KashierRequest } from './handlers/common';
import type { Checkout } from './state';
import { sessionStatusAt } from './views';

type CheckoutPrecondition = Precondition<Checkout, KashierRequest>;

/** A paid order's checkouts are closed: a new order id, or a failed one tried again, can be paid once. */
const orderNotPaid: CheckoutPrecondition = (checkout, request) => {
  const status = modeStateOf(request).orders.get(checkout.merchantOrderId)?.status;
  return status !== undefined && status !== 'FAILED'
    ? refuse('KASHIER_CHECKOUT_CLOSED', 'This order is already paid')
    : undefined;
};

/** A session's checkout takes a payment only while the session is open: not expired now, not finished. */
const sessionStillOpen: CheckoutPrecondition = (checkout, request) => {
  if (checkout.sessionId === undefined) return undefined;
  const session = modeStateOf(request).sessions.get(checkout.sessionId);
  if (!session) return refuse('KASHIER_CHECKOUT_CLOSED', 'This session does not exist any more');
  const status = sessionStatusAt(session, request.now);
  return status === 'CREATED' || status === 'OPENED'
    ? undefined
    : refuse('KASHIER_CHECKOUT_CLOSED', `This session is ${status.toLowerCase()}`);
};

const PAYABLE = [orderNotPaid, sessionStillOpen];

/**
 * The hosted page's steps, each checking that the checkout can still be paid at that moment: opening the page,
 * posting the card form, answering the 3-D Secure challenge (a session may expire, or the order be paid on
 * another page, between any two of them).
 */
export const checkoutLifecycle = new Lifecycle((checkout: Checkout) => checkout.status, {
  open: {
    from: ['open'],
    refuseFrom: () => refuse('KASHIER_CHECKOUT_CLOSED', 'This checkout is finished'),
    preconditions: PAYABLE,
  },
  pay: {
    from: ['open', 'challenge'],
    refuseFrom: () => refuse('KASHIER_CHECKOUT_CLOSED', 'This checkout is finished'),
    preconditions: PAYABLE,
  },
  answerChallenge: {
    from: ['challenge'],
    refuseFrom: () =>
      refuse('KASHIER_CHECKOUT_CLOSED', 'No 3-D Secure challenge is pending for this checkout'),
    preconditions: PAYABLE,
  },
});
