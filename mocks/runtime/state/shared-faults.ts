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
import { drawLatency } from '../latency';
import { mulberry32At } from '../seeded-random';
import type { StateStore } from './store';
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

  /** The rules with uses left, as `FaultSet.list` shows them (holds are each process's own: `held` is 0). */
  async list(): Promise<(FaultRule & { readonly held: number })[]> {
    const { compiled } = await this.rules();
    const counts = await Promise.all(
      compiled.map(({ rule }) => this.store.counterValue(this.namespace, fired(rule.id))),
    );
    return compiled
      .map(({ rule }, i) => ({ ...withCounts(rule, counts[i] as number), held: 0 }))
      .filter((rule) => rule.remaining > 0);
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
  }

  /** The rules, parsed and compiled again only when their version moved. */
  private async rules(): Promise<CachedRules> {
    const stored = await this.store.get(this.namespace, KEY);
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
