import { RequestView } from './request-view';
import type { StateLayout, StateNeeds } from './state-layout';
import { StateUnavailable, type LoadedEntries, type StateStore } from './store';

/**
 * A run of a request's synchronous state work over a shared store (docs/scale.md, "Begin", "Run", "Commit"):
 * load what the run is known to need in one round trip, run it on a fresh view, load what it missed and run
 * it again from the start, then commit its writes in one round trip, conditional on everything it read.
 * When another process wrote in between, the run is discarded and done again.
 */

/** Runs, and conflicts, past which a request gives up. */
export interface SharedRunLimits {
  /** Runs committed or discarded for a conflict (default 5). */
  readonly maxAttempts?: number;
  /** Loads within one attempt: the first, then one per run that missed entries (default 8). */
  readonly maxLoads?: number;
}

export interface SharedRunOutcome<T, E> {
  /** What the committed run returned. */
  readonly value: T;
  /** The side effects the committed run asked for (those of discarded runs are dropped). */
  readonly effects: readonly E[];
  /** Map entries the commit's budgets evicted. */
  readonly evicted: readonly { readonly map: string; readonly key: string }[];
  /** Attempts made: 1 unless other processes' writes conflicted. */
  readonly attempts: number;
  /** Runs repeated because they read entries not loaded. */
  readonly reruns: number;
}

/**
 * Other processes kept changing what the run read: after the last attempt the request answers as when the
 * store is unavailable (503 `<P>_STATE_UNAVAILABLE`), and the client retries.
 */
export class StateConflict extends StateUnavailable {}

/** The run read more and more entries not loaded, past `maxLoads`: its prefetch declaration lacks them. */
export class UnboundedLoads extends Error {
  override readonly name = 'UnboundedLoads';
}

const NOTHING_LOADED: LoadedEntries = { entries: new Map(), maps: new Map() };

export async function runShared<S extends object, T, E = never>(
  store: StateStore,
  namespace: string,
  layout: StateLayout<S>,
  prefetch: StateNeeds,
  run: (state: S, view: RequestView<S, E>) => T,
  limits: SharedRunLimits = {},
): Promise<SharedRunOutcome<T, E>> {
  const maxAttempts = limits.maxAttempts ?? 5;
  const maxLoads = limits.maxLoads ?? 8;
  const needs = layout.storeNeeds(prefetch);
  const keys = new Set(needs.keys);
  const maps = new Set(needs.maps);
  let reruns = 0;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    for (let loads = 1; ; loads += 1) {
      // Everything is loaded again each time, in one snapshot: a run that writes nothing then answers from
      // one consistent moment, with nothing to check.
      const loaded =
        keys.size + maps.size === 0
          ? NOTHING_LOADED
          : await store.loadEntries(namespace, [...keys], [...maps]);
      const view = new RequestView<S, E>(layout, loaded);
      let value: T | undefined;
      let failure: { readonly error: unknown } | undefined;
      try {
        value = run(view.state, view);
      } catch (error) {
        failure = { error };
      }
      const missing = view.missing();
      if (missing) {
        if (loads >= maxLoads) throw new UnboundedLoads(`a run still missed entries after ${maxLoads} loads`);
        for (const key of missing.keys) keys.add(key);
        for (const map of missing.maps) maps.add(map);
        reruns += 1;
        continue;
      }
      if (failure) throw failure.error;
      const { reads, writes, budgets } = view.changes();
      const outcome = { value: value as T, effects: view.effects, attempts: attempt, reruns };
      if (writes.length === 0) return { ...outcome, evicted: [] };
      const committed = await store.commitIfUnchanged(namespace, reads, writes, budgets);
      if (!committed.applied) break;
      const evicted = committed.evicted.flatMap((key) => layout.entryOf(key) ?? []);
      return { ...outcome, evicted };
    }
  }
  throw new StateConflict(`the state kept changing under the request: ${maxAttempts} attempts conflicted`);
}
