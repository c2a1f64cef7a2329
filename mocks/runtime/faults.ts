/**
 * Injected faults for resilience tests (as WireMock and MockServer offer): a matching request is answered
 * with the given status (and body), optionally after a delay, a given number of times. A fault can also
 * hold matching requests until the test releases it: the deterministic way to keep a request "in flight"
 * (a test waits for `held >= 1` in `GET /__sandbox/faults`, never for a fixed time).
 */
export interface FaultRule {
  readonly id: number;
  readonly method: string | undefined;
  readonly operationId: string | undefined;
  /** Matches when the request path contains this text. */
  readonly pathContains: string | undefined;
  readonly status: number | undefined;
  readonly body: unknown;
  readonly delayMs: number;
  /** Matching requests wait until the fault is released (or cleared). */
  readonly hold: boolean;
  /** Remaining times the rule applies; Infinity when unlimited. */
  remaining: number;
}

export type FaultInput = Omit<FaultRule, 'id' | 'remaining'> & { readonly times: number | undefined };

/** A rule as `GET /__sandbox/faults` shows it: with the number of requests it holds right now. */
export type FaultView = FaultRule & { readonly held: number };

/** Active faults allowed at once: a test needs a handful; a runaway script must not fill the memory. */
export const MAX_ACTIVE_FAULTS = 100;

export class FaultSet {
  private rules: FaultRule[] = [];
  /** The requests each holding rule keeps waiting: the functions that let them go. */
  private readonly waiting = new Map<FaultRule, (() => void)[]>();
  private nextId = 1;

  /** Whether another fault may be added (see MAX_ACTIVE_FAULTS). */
  get full(): boolean {
    return this.active().length >= MAX_ACTIVE_FAULTS;
  }

  add(input: FaultInput): FaultRule {
    const { times, ...rest } = input;
    const rule: FaultRule = { ...rest, id: this.nextId++, remaining: times ?? Number.POSITIVE_INFINITY };
    this.rules = [...this.active(), rule];
    return rule;
  }

  /** The first rule matching the request, used up by one; undefined when none applies. */
  take(method: string, path: string, operationId: string): FaultRule | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.operationId === undefined || candidate.operationId === operationId) &&
        (candidate.pathContains === undefined || path.includes(candidate.pathContains)),
    );
    if (rule) rule.remaining -= 1;
    return rule;
  }

  /**
   * Makes a request taken by `rule` wait as the rule says: its delay, and until released if it holds. Call
   * it right after `take` (the hold is registered at once, so `held` counts the request from then on).
   */
  async wait(rule: FaultRule): Promise<void> {
    const released = rule.hold ? this.holdRequest(rule) : undefined;
    // unref: a held request must not keep a stopping process alive past its drain limit.
    if (rule.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, rule.delayMs).unref());
    await released;
  }

  /**
   * Lets every request `id` holds go and retires the rule; the number released, or undefined when no
   * active rule has that id.
   */
  release(id: number): number | undefined {
    const rule = this.active().find((candidate) => candidate.id === id);
    if (!rule) return undefined;
    const released = this.letGo(rule);
    this.rules = this.rules.filter((candidate) => candidate !== rule);
    return released;
  }

  /** The rules still active (uses left, or requests held), each with the number it holds. */
  list(): FaultView[] {
    return this.active().map((rule) => ({ ...rule, held: this.waiting.get(rule)?.length ?? 0 }));
  }

  /** Removes every rule, letting the requests they hold go on. */
  clear(): void {
    for (const rule of this.rules) this.letGo(rule);
    this.rules = [];
  }

  private active(): FaultRule[] {
    return this.rules.filter((rule) => rule.remaining > 0 || this.waiting.has(rule));
  }

  private holdRequest(rule: FaultRule): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.waiting.get(rule) ?? [];
      waiting.push(resolve);
      this.waiting.set(rule, waiting);
    });
  }

  private letGo(rule: FaultRule): number {
    const waiting = this.waiting.get(rule) ?? [];
    this.waiting.delete(rule);
    for (const resume of waiting) resume();
    return waiting.length;
  }
}
