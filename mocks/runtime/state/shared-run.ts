import { RequestView } from './request-view';
import type { StateLayout, StateNeeds } from './state-layout';
import {
  StateUnavailable,
  type BeginRead,
  type BeginReads,
  type LoadedEntries,
  type StateStore,
} from './store';

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

/**
 * One request's shared run, step by step: `load` makes the view that the request's reads before its handler
 * (its authentication, ownership and precondition checks, through `state`) and the run that commits start
 * from, so a request loads once (`prepare` instead, when what those checks read is known only from a read of
 * the state); `check` is a read alone (reloading while it misses entries); `commit` is the
 * run itself. `runShared` is a load and a commit in one call.
 */
export class SharedRun<S extends object, E = never> {
  private readonly keys: Set<string>;
  private readonly maps: Set<string>;
  private current: RequestView<S, E> | undefined;
  private runs = 0;
  /** Round trips to the store so far (loads of state and commits). */
  roundTrips = 0;
  /** What the request's begin step read besides its state (see `beginWith`), once its load has. */
  began: Omit<BeginRead, 'loaded'> | undefined;
  private beginReads: BeginReads | undefined;
  /** Runs (checks or the committed run) repeated because they read entries not loaded. */
  reruns = 0;

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    private readonly layout: StateLayout<S>,
    prefetch: StateNeeds,
    private readonly limits: SharedRunLimits = {},
  ) {
    const needs = layout.storeNeeds(prefetch);
    this.keys = new Set(needs.keys);
    this.maps = new Set(needs.maps);
  }

  /** The state of the view the last load made (undefined before the first). */
  get state(): S | undefined {
    return this.current?.state;
  }

  /**
   * Makes the next load the request's begin step (the store's `begin`): `reads` read, in the same store call,
   * with the state it loads (into `began`).
   */
  beginWith(reads: BeginReads): void {
    this.beginReads = reads;
  }

  /** Loads what the run needs (again), in one snapshot, onto a fresh view. */
  async load(): Promise<RequestView<S, E>> {
    this.runs += 1;
    if (this.runs > (this.limits.maxLoads ?? 8) * (this.limits.maxAttempts ?? 5))
      throw new UnboundedLoads('a request still missed entries after every load it may make');
    // Everything is loaded again each time, in one snapshot: a run that writes nothing then answers from
    // one consistent moment, with nothing to check.
    let loaded = NOTHING_LOADED;
    const begin = this.beginReads;
    this.beginReads = undefined;
    // A begin step that loads no state is counted as before, with the control reads: no state round trip.
    const loadsState = this.keys.size + this.maps.size > 0;
    if (loadsState) this.roundTrips += 1;
    if (begin) {
      const { loaded: read, ...began } = await this.store.begin(
        this.namespace,
        [...this.keys],
        [...this.maps],
        begin,
      );
      loaded = read;
      this.began = began;
    } else if (loadsState) {
      loaded = await this.store.loadEntries(this.namespace, [...this.keys], [...this.maps]);
    }
    this.current = new RequestView<S, E>(this.layout, loaded);
    return this.current;
  }

  /**
   * Loads what `read` (the reads of a request's checks before its handler) needs: a probe on nothing loaded
   * learns, at no round trip, the entries it reads first (those its request names: a token's by its digest);
   * then each load is probed again, and what it still missed (the entries the first ones name) loaded with
   * it, until a load has all. The view of that load is the current one, the run's reads on it in its read set.
   */
  async prepare(read: (state: S) => void): Promise<void> {
    const nothing = new RequestView<S, E>(this.layout, NOTHING_LOADED);
    nothing.probe(read);
    this.need(nothing);
    for (;;) {
      const view = await this.load();
      view.probe(read);
      if (!this.missed(view)) return;
    }
  }

  /**
   * Runs a check on the current view (loading it first if none is), again on a fresh one while it misses
   * entries; its reads join the read set of the run that follows on the same view.
   */
  async check<T>(read: (state: S) => T): Promise<T> {
    let view = this.current ?? (await this.load());
    for (;;) {
      let value: T | undefined;
      let failure: { readonly error: unknown } | undefined;
      try {
        value = read(view.state);
      } catch (error) {
        failure = { error };
      }
      if (!this.missed(view)) {
        if (failure) throw failure.error;
        return value as T;
      }
      view = await this.load();
    }
  }

  /**
   * The run, on the current view first (a check's), then on fresh ones: again from the start while it
   * misses entries, and again when its conditional commit finds that another process wrote what it read.
   */
  async commit<T>(
    run: (state: S, view: RequestView<S, E>) => T | Promise<T>,
  ): Promise<SharedRunOutcome<T, E>> {
    const maxAttempts = this.limits.maxAttempts ?? 5;
    const maxLoads = this.limits.maxLoads ?? 8;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      for (let loads = 1; ; loads += 1) {
        const view = this.current && attempt === 1 && loads === 1 ? this.current : await this.load();
        let value: T | undefined;
        let failure: { readonly error: unknown } | undefined;
        try {
          value = await run(view.state, view);
        } catch (error) {
          failure = { error };
        }
        if (this.missed(view)) {
          if (loads >= maxLoads)
            throw new UnboundedLoads(`a run still missed entries after ${maxLoads} loads`);
          continue;
        }
        if (failure) throw failure.error;
        const { reads, writes, budgets } = view.changes();
        const outcome = { value: value as T, effects: view.effects, attempts: attempt, reruns: this.reruns };
        if (writes.length === 0) return { ...outcome, evicted: [] };
        this.roundTrips += 1;
        const committed = await this.store.commitIfUnchanged(this.namespace, reads, writes, budgets);
        if (!committed.applied) break;
        const evicted = committed.evicted.flatMap((key) => this.layout.entryOf(key) ?? []);
        return { ...outcome, evicted };
      }
      // The next attempt loads afresh.
      this.current = undefined;
    }
    throw new StateConflict(`the state kept changing under the request: ${maxAttempts} attempts conflicted`);
  }

  /** Whether the run on `view` read entries not loaded; if so they are added to what the next load asks for. */
  private missed(view: RequestView<S, E>): boolean {
    if (!this.need(view)) return false;
    this.reruns += 1;
    return true;
  }

  /** Adds what the run on `view` read without having it loaded to what the next load asks for. */
  private need(view: RequestView<S, E>): boolean {
    const missing = view.missing();
    if (!missing) return false;
    for (const key of missing.keys) this.keys.add(key);
    for (const map of missing.maps) this.maps.add(map);
    return true;
  }
}

export function runShared<S extends object, T, E = never>(
  store: StateStore,
  namespace: string,
  layout: StateLayout<S>,
  prefetch: StateNeeds,
  run: (state: S, view: RequestView<S, E>) => T | Promise<T>,
  limits: SharedRunLimits = {},
): Promise<SharedRunOutcome<T, E>> {
  return new SharedRun<S, E>(store, namespace, layout, prefetch, limits).commit(run);
}
