import { Lifecycle, type Precondition } from './lifecycle';
import { SandboxRejection } from './reasons';

interface Ticket {
  status: 'open' | 'held' | 'closed';
  expiresAt: number;
}
interface Now {
  readonly now: number;
}

const refusal = (reason: string) => new SandboxRejection(409, reason, reason);
const notExpired: Precondition<Ticket, Now> = (ticket, { now }) =>
  now < ticket.expiresAt ? undefined : refusal('TOY_EXPIRED');
const tickets = new Lifecycle((ticket: Ticket) => ticket.status, {
  hold: { from: ['open'], refuseFrom: () => refusal('TOY_NOT_OPEN'), preconditions: [notExpired] },
  close: { from: ['open', 'held'], refuseFrom: () => refusal('TOY_CLOSED'), preconditions: [notExpired] },
});

const reasonOf = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as SandboxRejection).reason;
  }
};

describe('Lifecycle', () => {
  it('lets a transition through from its statuses while every precondition holds', () => {
    expect(reasonOf(() => tickets.check('hold', { status: 'open', expiresAt: 10 }, { now: 5 }))).toBe(
      undefined,
    );
    expect(reasonOf(() => tickets.check('close', { status: 'held', expiresAt: 10 }, { now: 9 }))).toBe(
      undefined,
    );
  });

  it('refuses another status first, then the first precondition that no longer holds, at each attempt', () => {
    const ticket: Ticket = { status: 'open', expiresAt: 10 };
    expect(reasonOf(() => tickets.check('hold', { ...ticket, status: 'closed' }, { now: 5 }))).toBe(
      'TOY_NOT_OPEN',
    );
    // Held at 5; the same transition attempted at 10 is refused: the precondition is checked again.
    expect(reasonOf(() => tickets.check('hold', ticket, { now: 5 }))).toBe(undefined);
    expect(reasonOf(() => tickets.check('hold', ticket, { now: 10 }))).toBe('TOY_EXPIRED');
    expect(reasonOf(() => tickets.check('close', { ...ticket, status: 'held' }, { now: 11 }))).toBe(
      'TOY_EXPIRED',
    );
  });
});
