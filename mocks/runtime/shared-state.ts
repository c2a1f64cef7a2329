import type { NamespaceContext } from './namespace-context';
import type { Exchange } from './pipeline/exchange';
import { authorizeCaller, checkPreconditions, type PipelineDeps } from './pipeline/steps';
import type { HandlerRequest, HandlerResponse, OperationHandler, ProviderDefinition } from './provider';
import type { SpecOperation } from './spec';
import type { DeliveryRequest } from './webhooks/delivery-request';
import { SharedNamespace, type SharedNamespaceOptions } from './shared-namespace';
import { NeedsEntries } from './state/request-view';
import { SharedRun } from './state/shared-run';
import { StateLayout, type StateNeeds } from './state/state-layout';
import { MAX_NAME_LENGTH, StateUnavailable, type StateStore } from './state/store';

/**
 * Provider state kept in a shared store (docs/scale.md, "Provider state"): each request's state work runs
 * through a `SharedRun` in the store namespace of its sandbox namespace, and the handlers, the policies and
 * the provider states see that run's view as `state`. The pipeline reaches it through one branch chosen when
 * the app is created; the in-memory path never comes here.
 *
 * Each request has its own run, kept by its exchange (a WeakMap's key): the pipeline's steps read its view
 * synchronously, as they read the state in memory. A provider state's run is handed to its work, which passes
 * it to each operation it calls: no `AsyncLocalStorage`, whose promise hooks, once entered, would cost every
 * promise of the process from then on.
 */

/** What a request's run does besides running the handler. */
interface RunHooks<State> {
  /** What the request's checks before its handler read beyond its path's entries (the provider's `stateReads`). */
  readonly reads?: (state: State & object) => void;
  /** Checks run again on every view the run commits from (a request's ownership and preconditions). */
  readonly recheck?: () => void;
  /** Told, once the handler's run is done, what it cost (the request's journal entry shows it). */
  readonly report?: (cost: RunCost) => void;
  /** Told the journal id the begin step reserved (a request's); absent: none is reserved. */
  readonly reserved?: (journalId: number | undefined) => void;
}

/** What a request's state work cost: round trips to the store, runs repeated for entries not loaded, attempts. */
interface RunCost {
  readonly roundTrips: number;
  readonly reruns: number;
  readonly attempts: number;
}

/** A reset of a store namespace not yet applied, and how to apply it (again, when it failed). */
interface PendingClear {
  readonly cleared: Promise<void>;
  readonly apply: () => Promise<void>;
}

/** A request's (or a provider state's) run, and what its committed run's effects go to. */
export interface RequestRun<State> {
  readonly shared: SharedRun<State & object, DeliveryRequest>;
  readonly context: NamespaceContext<State>;
  readonly hooks: RunHooks<State>;
  /**
   * Set while a run that commits is going, to what its current attempt defers webhooks to: handlers called
   * within it (a provider state's) run on its view and defer theirs there too.
   */
  defer: ((delivery: DeliveryRequest) => void) | undefined;
}

/** Why a provider cannot keep its state in a shared store (its state has no layout), or undefined when it can. */
export function sharedStateRefusal(provider: ProviderDefinition<unknown>): string | undefined {
  try {
    StateLayout.of(provider.name, provider.createState() as object);
    return undefined;
  } catch (error) {
    return `${provider.name}'s state cannot be kept in a shared store yet: ${(error as Error).message}`;
  }
}

export class SharedState<State> {
  private readonly layout: StateLayout<State & object>;
  /** Each request's run, from its begin step on. */
  private readonly requestRuns = new WeakMap<Exchange, RequestRun<State>>();
  /** Resets not yet applied to the store, by store namespace: the namespace's next run waits for them. */
  private readonly clears = new Map<string, PendingClear>();
  private readonly entryKeyLength: number;

  constructor(
    private readonly provider: ProviderDefinition<State>,
    private readonly store: StateStore,
  ) {
    const refusal = sharedStateRefusal(provider as ProviderDefinition<unknown>);
    if (refusal !== undefined) throw new RangeError(refusal);
    this.layout = StateLayout.of(provider.name, provider.createState() as State & object);
    this.entryKeyLength = Math.max(
      0,
      ...this.layout.names.maps.map((map) => this.layout.entryKey(map, '').length),
    );
  }

  /** The store namespace of a sandbox namespace: the provider's name, then `.NAME` for a named one. */
  storeNamespaceOf(name: string | undefined): string {
    return name === undefined ? this.provider.name : `${this.provider.name}.${name}`;
  }

  /**
   * A namespace whose state is each run's view (handed to the run's work, never read through `state()`), whose
   * control state is in the store too (`shared`), and whose reset clears its store namespace.
   */
  namespaceContext(
    context: NamespaceContext<State>,
    options: SharedNamespaceOptions,
  ): NamespaceContext<State> {
    const storeNamespace = this.storeNamespaceOf(context.name);
    const shared = new SharedNamespace(this.store, storeNamespace, context, options);
    return {
      ...context,
      shared,
      // A request's or a provider state's state is its run's view, handed to it: none to return here.
      state: () => {
        throw new Error(
          `${this.provider.name}'s state is in a shared store: read it with readState, not state(), outside a request`,
        );
      },
      reset: () => {
        shared.resetLocal();
        this.clear(storeNamespace, () => shared.applyReset());
      },
      close: () => {
        context.close();
        shared.close();
      },
    };
  }

  /** The request's state: its run's view. */
  stateOf(exchange: Exchange): State {
    return this.viewOf(this.requestRunOf(exchange));
  }

  /** The run's state: the view of its current attempt. */
  viewOf(run: RequestRun<State>): State {
    return run.shared.state as State;
  }

  /** A request's handler, called in the request's run, which commits what it changed. */
  readonly callHandler = (
    exchange: Exchange,
    handler: OperationHandler<State>,
    request: HandlerRequest<State>,
  ): Promise<HandlerResponse> => this.callIn(this.requestRunOf(exchange), handler, request);

  /**
   * A handler called in a run: one committed run of its own, or, called from work a run is committing (a
   * provider state's), a part of that work on its view.
   */
  callIn(
    run: RequestRun<State>,
    handler: OperationHandler<State>,
    request: HandlerRequest<State>,
  ): Promise<HandlerResponse> {
    if (run.defer)
      return Promise.resolve(handler({ ...request, state: this.viewOf(run), webhooks: { send: run.defer } }));
    return this.commit(run, (state, defer) => handler({ ...request, state, webhooks: { send: defer } }));
  }

  /**
   * The request pipeline `handle`, run within a run of the request's namespace: the entries the request's path
   * names loaded first, with those the provider's `stateReads` read, its ownership and precondition checks run
   * again on every view it commits from, and the store unavailable answered as the provider's 503 with
   * `<P>_STATE_UNAVAILABLE`.
   */
  pipeline<N extends { readonly context: NamespaceContext<State>; readonly deps: PipelineDeps<State> }>(
    handle: (exchange: Exchange, namespace: N) => Promise<void>,
  ): (exchange: Exchange, namespace: N) => Promise<void> {
    return async (exchange, namespace) => {
      const { context, deps } = namespace;
      const match = deps.router.match(exchange.method, exchange.path);
      // A request that routes nowhere reads no state: refused by the pipeline's route step as in memory.
      if (match.kind !== 'operation') {
        // Its journal id, reserved first: the answer names the entry before it is recorded.
        exchange.trace.sharedJournalId = await context.shared?.journal.reserveId().catch(() => undefined);
        return handle(exchange, namespace);
      }
      const prefetch = this.prefetchOf(match.operation, match.params);
      const { stateReads } = this.provider;
      const { operation, params } = match;
      const hooks: RunHooks<State> = {
        reads:
          stateReads &&
          ((state) =>
            stateReads({ query: exchange.query, headers: exchange.req.headers, operation, params }, state)),
        recheck: () => {
          authorizeCaller(exchange, deps);
          checkPreconditions(exchange, deps);
        },
        report: (cost) => (exchange.trace.checked.sharedState = cost),
        // Its journal id, reserved by the begin step: the answer names the entry before it is recorded.
        reserved: (journalId) => (exchange.trace.sharedJournalId = journalId),
      };
      try {
        this.requestRuns.set(exchange, await this.begin(context, prefetch, hooks));
        // The clock as the begin step read it from the store.
        exchange.now = context.clock.now();
        await handle(exchange, namespace);
      } catch (error) {
        if (error instanceof NeedsEntries) {
          // Only a check before the handler gets here (the handler's run loads what it missed and runs again).
          throw new Error(
            `${match.operation.operationId}: a check before the handler read state its path does not name; declare it in the provider's statePrefetch or stateReads`,
          );
        }
        if (!(error instanceof StateUnavailable)) throw error;
        throw deps.reject('STATE_UNAVAILABLE', 'The sandbox state store is unavailable; retry the request.');
      }
    };
  }

  /**
   * Runs `work` (an operation called outside HTTP, or a provider state's setup or teardown through
   * `commitWithin`) in a run of the namespace's store namespace, its prefetch loaded first.
   */
  async within<T>(
    context: NamespaceContext<State>,
    prefetch: StateNeeds,
    work: (run: RequestRun<State>) => Promise<T>,
  ): Promise<T> {
    return work(await this.begin(context, prefetch, {}));
  }

  /** A run of the namespace's store namespace, its prefetch loaded. */
  private async begin(
    context: NamespaceContext<State>,
    prefetch: StateNeeds,
    hooks: RunHooks<State>,
  ): Promise<RequestRun<State>> {
    const storeNamespace = this.storeNamespaceOf(context.name);
    await this.applyClear(storeNamespace);
    const shared = new SharedRun<State & object, DeliveryRequest>(
      this.store,
      storeNamespace,
      this.layout,
      prefetch,
    );
    // The begin step, one store call: the prefetch, the control record (clock, revocations, reset, faults'
    // version) and a request's journal id.
    if (context.shared) shared.beginWith(context.shared.beginReads(hooks.reserved !== undefined));
    await (hooks.reads ? shared.prepare(hooks.reads) : shared.load());
    if (shared.began) {
      hooks.reserved?.(shared.began.reserved);
      await context.shared?.adoptRead(shared.began.snapshot);
    }
    return { shared, context, hooks, defer: undefined };
  }

  /**
   * `work` (a provider state's setup or teardown) as one committed run of the namespace: called again with the
   * same run on each attempt, its view then that attempt's; operations it calls are given the run (`callIn`).
   */
  commitWithin<T>(
    context: NamespaceContext<State>,
    work: (run: RequestRun<State>) => Promise<T>,
  ): Promise<T> {
    return this.within(context, {}, (run) => this.commit(run, () => work(run)));
  }

  /** A read of the namespace's whole state (every map and record loaded), outside any request. */
  async read<T>(context: NamespaceContext<State>, read: (state: State) => T): Promise<T> {
    const { maps, cells } = this.layout.names;
    const run = await this.begin(context, { maps, cells }, {});
    return run.shared.check(read);
  }

  /**
   * What a request of `operation` loads before it runs: the entry each path parameter's value names in each
   * map of the layout (ids are path parameters), and what the provider declares for the operation.
   */
  prefetchOf(operation: SpecOperation, params: Readonly<Record<string, string>>): StateNeeds {
    const entries: (readonly [string, string])[] = [];
    for (const value of Object.values(params)) {
      // A value too long to be a key was never stored: it reads as absent, nothing to load.
      if (value === '' || value.length + this.entryKeyLength > MAX_NAME_LENGTH) continue;
      for (const map of this.layout.names.maps) entries.push([map, value]);
    }
    const declared = this.provider.statePrefetch?.[operation.operationId];
    return { entries, maps: declared?.maps ?? [], cells: declared?.cells ?? [] };
  }

  private requestRunOf(exchange: Exchange): RequestRun<State> {
    const run = this.requestRuns.get(exchange);
    if (!run) throw new Error(`${this.provider.name}: a request's state was read before its begin step`);
    return run;
  }

  /** The run committed: its webhooks go out only from the run that committed. */
  private async commit<T>(
    run: RequestRun<State>,
    work: (state: State & object, defer: (delivery: DeliveryRequest) => void) => T | Promise<T>,
  ): Promise<T> {
    try {
      const outcome = await run.shared.commit((state, view) => {
        run.defer = (delivery) => view.defer(delivery);
        run.hooks.recheck?.();
        return work(state, run.defer);
      });
      const { roundTrips, reruns } = run.shared;
      run.hooks.report?.({ roundTrips, reruns, attempts: outcome.attempts });
      for (const delivery of outcome.effects)
        (run.context.shared as SharedNamespace).webhooks.enqueue(delivery);
      return outcome.value;
    } finally {
      run.defer = undefined;
    }
  }

  private clear(storeNamespace: string, apply: () => Promise<void>): void {
    const previous = this.clears.get(storeNamespace)?.cleared ?? Promise.resolve();
    const cleared = previous.catch(() => undefined).then(apply);
    // Awaited by the namespace's next run; a failure (the store unreachable) is retried there.
    cleared.catch(() => undefined);
    this.clears.set(storeNamespace, { cleared, apply });
  }

  /** Resolves once the namespace's last reset is applied to the store. */
  resetApplied(context: NamespaceContext<State>): Promise<void> {
    return this.applyClear(this.storeNamespaceOf(context.name));
  }

  /** A reset not yet applied is applied before the namespace's next run (again, if it failed). */
  private async applyClear(storeNamespace: string): Promise<void> {
    const pending = this.clears.get(storeNamespace);
    if (!pending) return;
    await pending.cleared.catch(pending.apply);
    if (this.clears.get(storeNamespace) === pending) this.clears.delete(storeNamespace);
  }
}
