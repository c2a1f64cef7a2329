import type { SandboxRejection } from './reasons';

/** One precondition of a transition: the refusal when it does not hold now, or undefined. */
export type Precondition<Subject, Context> = (
  subject: Subject,
  context: Context,
) => SandboxRejection | undefined;

export interface TransitionRule<Status extends string, Subject, Context> {
  /** The statuses the transition may leave from; any other is refused with `refuseFrom`. */
  readonly from: readonly Status[];
  readonly refuseFrom: (status: Status, subject: Subject) => SandboxRejection;
  /** Everything else that must hold at the moment of the transition (an expiry on the request's clock, ...). */
  readonly preconditions: readonly Precondition<Subject, Context>[];
}

/**
 * An object's lifecycle, each transition stating its preconditions once. `check` runs all of a transition's
 * preconditions at every attempt, with that request's clock and state, so what held when a page opened is
 * checked again when the form on it is posted (a session that expired meanwhile, an order paid through
 * another page). It only checks: the handler changes state afterwards, once its answer is built.
 */
export class Lifecycle<Name extends string, Status extends string, Subject, Context> {
  constructor(
    private readonly statusOf: (subject: Subject) => Status,
    private readonly transitions: Readonly<Record<Name, TransitionRule<Status, Subject, Context>>>,
  ) {}

  /** Throws the first refusal of transition `name` for `subject` now; returns when every precondition holds. */
  check(name: Name, subject: Subject, context: Context): void {
    const rule = this.transitions[name];
    const status = this.statusOf(subject);
    if (!rule.from.includes(status)) throw rule.refuseFrom(status, subject);
    for (const precondition of rule.preconditions) {
      const refusal = precondition(subject, context);
      if (refusal) throw refusal;
    }
  }
}
