import {
  compilePath,
  DEFAULT_FAULT_SEED,
  faultMatches,
  MAX_ACTIVE_FAULTS,
  type CompiledMatch,
  type FaultFiring,
  type FaultInput,
  type FaultRequest,
  type FaultRule,
} from '../faults';
import { drawLatency, pause } from '../latency';
import { mulberry32At } from '../seeded-random';
import type { StateStore, VersionedValue } from './store';
import { updateJson } from './update-json';

/**
 * A rule as the store keeps it: faults.ts's rule without its counts, which are counters of their own (so a
 * firing does not rewrite, and re-version, the rules), with `times` (null: unlimited) to count against.
 */
export type StoredFaultRule = Omit<FaultRule, 'remaining' | 'fired'> & { readonly times: number | null };

interface StoredRules {
  readonly rules: readonly StoredFaultRule[];
}

interface CachedRules {
  readonly version: number;
  readonly compiled: readonly (CompiledMatch & { readonly rule: StoredFaultRule })[];
}

const KEY = 'faults';
/** Where the rules are stored: a begin step reads them with the control record (`adopt`). */
export const FAULT_RULES_KEY = KEY;
const ruleIds = 'fault-ids';
const fired = (id: number) => `fault-fired:${id}`;
const draws = (id: number) => `fault-draws:${id}`;

/**
 * A namespace's fault rules on the shared store, as `FaultSet` matches and fires them: one versioned entry of
 * rules (each process parses and compiles them once per version), a rule's firings counted atomically against
 * its `times` (`incrementUpTo`), and its seeded draws numbered by a shared counter, so the same seed and the same
 * order of requests give the same faults whichever process takes them (for a rule without latency, the very
 * draws `FaultSet` makes on one process). Holding a request is the taking process's own (`FaultSet.wait`).
 */
export class SharedFaults {
  private cache: CachedRules | undefined;
  /** This process's requests held by a rule, by rule id: the functions that let them go. */
  private readonly holding = new Map<number, (() => void)[]>();

  /** `credentials`: the values in force by name, for rules that match on `credential`. */
  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    private readonly credentials: Readonly<Record<string, string>> = {},
  ) {}

  /** Adds a rule; undefined when MAX_ACTIVE_FAULTS rules are active already (nothing changes). */
  async add(input: FaultInput): Promise<FaultRule | undefined> {
    const { times, ...rest } = input;
    const id = await this.store.increment(this.namespace, ruleIds);
    const rule: StoredFaultRule = {
      ...rest,
      seed: input.seed ?? DEFAULT_FAULT_SEED,
      id,
      times: times ?? null,
    };
    const active = await this.active();
    const stored = await updateJson<StoredRules>(this.store, this.namespace, KEY, (current) => {
      const kept = (current?.rules ?? []).filter((candidate) => active.has(candidate.id));
      return { rules: kept.length >= MAX_ACTIVE_FAULTS ? kept : [...kept, rule] };
    });
    return stored.rules.includes(rule) ? withCounts(rule, 0) : undefined;
  }

  /**
   * Whether no rule was stored when the rules were last read (`refresh`, `take`, `list`): the pipeline asks
   * before every request, synchronously, and skips the fault step when it is.
   */
  get empty(): boolean {
    return (this.cache?.compiled.length ?? 0) === 0;
  }

  /** Reads the rules' version (and the rules when it moved): a request's begin step calls it. */
  async refresh(): Promise<void> {
    await this.rules();
  }

  /** The rules with uses left, as `FaultSet.list` shows them, `held`: the requests this process holds. */
  async list(): Promise<(FaultRule & { readonly held: number })[]> {
    const { compiled } = await this.rules();
    const counts = await Promise.all(
      compiled.map(({ rule }) => this.store.counterValue(this.namespace, fired(rule.id))),
    );
    return (
      compiled
        .map(({ rule }, i) => ({
          ...withCounts(rule, counts[i] as number),
          held: this.holding.get(rule.id)?.length ?? 0,
        }))
        // As in memory, a rule used up stays listed while it holds requests.
        .filter((rule) => rule.remaining > 0 || rule.held > 0)
    );
  }

  /**
   * The first matching rule that fires for the request (its probability drawn at its next shared draw index),
   * used up by one, with the wait drawn for it; undefined when none fires.
   */
  async take(request: FaultRequest): Promise<FaultFiring | undefined> {
    for (const compiled of (await this.rules()).compiled) {
      const { rule } = compiled;
      if (!faultMatches(compiled, request, this.credentials)) continue;
      const random =
        rule.probability < 1 || rule.latency
          ? mulberry32At(rule.seed, await this.store.increment(this.namespace, draws(rule.id)))
          : undefined;
      if (random && rule.probability < 1 && random() >= rule.probability) continue;
      const count = await this.store.incrementUpTo(this.namespace, fired(rule.id), rule.times ?? Infinity);
      if (count === undefined) continue;
      const drawn = rule.latency && random ? drawLatency(rule.latency, random) : 0;
      return { rule: withCounts(rule, count), waitMs: rule.delayMs + drawn };
    }
    return undefined;
  }

  /**
   * Makes a request a rule fired for wait as `FaultSet.wait` does: its delay and latency, and, when the rule
   * holds, until the rule is released or cleared through this process (holds are each process's own).
   */
  async wait({ rule, waitMs }: FaultFiring): Promise<void> {
    const released = rule.hold
      ? new Promise<void>((resolve) => {
          this.holding.set(rule.id, [...(this.holding.get(rule.id) ?? []), resolve]);
        })
      : undefined;
    await pause(waitMs);
    await released;
  }

  /** Retires rule `id`, letting go the requests it holds here; how many, or undefined when no rule has it. */
  async release(id: number): Promise<number | undefined> {
    const found = await this.remove(id);
    const held = this.letGo(id);
    return found || held > 0 ? held : undefined;
  }

  /** Lets go every request this process holds (a reset, a clear, a shutdown). */
  letGoAll(): void {
    for (const id of [...this.holding.keys()]) this.letGo(id);
  }

  private letGo(id: number): number {
    const waiting = this.holding.get(id) ?? [];
    this.holding.delete(id);
    for (const resume of waiting) resume();
    return waiting.length;
  }

  /** Retires rule `id`; false when no rule has it. */
  async remove(id: number): Promise<boolean> {
    let found = false;
    await updateJson<StoredRules>(this.store, this.namespace, KEY, (current) => {
      const rules = current?.rules ?? [];
      found = rules.some((rule) => rule.id === id);
      return { rules: rules.filter((rule) => rule.id !== id) };
    });
    return found;
  }

  async clear(): Promise<void> {
    await this.store.delete(this.namespace, KEY);
    this.letGoAll();
  }

  /** The rules, parsed and compiled again only when their version moved. */
  private async rules(): Promise<CachedRules> {
    return this.adopt(await this.store.get(this.namespace, KEY));
  }

  /** Takes the rules as read from the store (`FAULT_RULES_KEY`), compiling them only when their version moved. */
  adopt(stored: VersionedValue | undefined): CachedRules {
    const version = stored?.version ?? 0;
    if (this.cache?.version !== version) {
      const rules = stored ? (JSON.parse(stored.value) as StoredRules).rules : [];
      this.cache = { version, compiled: rules.map((rule) => ({ rule, pathMatches: compilePath(rule) })) };
    }
    return this.cache;
  }

  /** The ids of the rules with uses left. */
  private async active(): Promise<Set<number>> {
    return new Set((await this.list()).map((rule) => rule.id));
  }
}

/** A stored rule as faults.ts shows it, `fired` times so far. */
function withCounts({ times, ...rule }: StoredFaultRule, firedTimes: number): FaultRule {
  return { ...rule, fired: firedTimes, remaining: (times ?? Number.POSITIVE_INFINITY) - firedTimes };
}
