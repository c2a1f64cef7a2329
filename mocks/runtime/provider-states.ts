import { ByteBudgetMap, estimateBytes } from './byte-budget';
import type {
  ProviderStateContext,
  ProviderStateDefinition,
  ProviderStateHandler,
  ProviderStateTeardown,
} from './provider';

/** Setups remembered per state (for teardown and `previous`): a few hundred contracts' worth, bounded in bytes. */
const MADE_LIMITS = { maxBytes: 1024 * 1024, maxEntries: 1000 };

type Params = Readonly<Record<string, unknown>>;
type Made = Readonly<Record<string, unknown>>;

/** A provider state as a provider may declare it: a setup alone (it makes nothing to remove), or both halves. */
export type AnyProviderState<State> = ProviderStateHandler<State> | ProviderStateDefinition<State>;

/**
 * What each setup made, by state name and params, in one namespace since its last reset: a teardown removes what
 * the matching setup answered, and a setup run again learns what it made before (`previous`), so that running a
 * contract twice against a server never reset finds the state as the first run did.
 */
export class ProviderStateLedger {
  private readonly made = new ByteBudgetMap<string, Made>((value) => estimateBytes(value));

  /** Runs a setup; its answer is the state's values (Pact's provider-state injected values). */
  async setup<State>(
    name: string,
    state: AnyProviderState<State>,
    params: Params,
    context: Omit<ProviderStateContext<State>, 'previous'>,
  ): Promise<Made> {
    const key = keyOf(name, params);
    const previous = this.made.get(key);
    const setUp = typeof state === 'function' ? state : state.setup;
    const answer = (await setUp(params, { ...context, ...(previous ? { previous } : {}) })) ?? {};
    this.made.set(key, answer, MADE_LIMITS);
    return answer;
  }

  /** Runs the teardown of the last setup of this state with these params; nothing to do when there was none. */
  async teardown<State>(
    name: string,
    state: AnyProviderState<State>,
    params: Params,
    context: Omit<ProviderStateContext<State>, 'previous'>,
  ): Promise<void> {
    const key = keyOf(name, params);
    const made = this.made.get(key);
    if (made === undefined) return;
    this.made.delete(key);
    const tearDown: ProviderStateTeardown<State> | undefined =
      typeof state === 'function' ? undefined : state.teardown;
    await tearDown?.(made, params, context);
  }
}

/** Params compared by value whatever their key order, as Pact sends them from a contract. */
function keyOf(name: string, params: Params): string {
  return `${name}\u0000${stableJson(params)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
