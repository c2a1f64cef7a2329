import type { ClockChange } from './control-inputs';
import type { FaultInput } from './faults';
import type { JournalOptions, RecordedRequest } from './journal';
import type { NamespaceContext } from './namespace-context';
import { CONTROL_READS, SharedControl, type ControlSnapshot } from './state/shared-control';
import { FAULT_RULES_KEY, SharedFaults } from './state/shared-faults';
import { SharedIdempotency } from './state/shared-idempotency';
import { SharedDeliveries } from './state/shared-deliveries';
import { SharedJournal } from './state/shared-journal';
import { WEBHOOK_TIMEOUT_MS } from './webhooks/outbox';
import { SharedOutbox } from './webhooks/shared-outbox';
import type { BeginReads, StateStore, StoreSnapshot } from './state/store';

/**
 * A skew between the store's time and this machine's smaller than this is not followed: the clock would
 * otherwise move (and re-arm webhook timers) on every request by the round trip's jitter.
 */
const SKEW_TOLERANCE_MS = 1000;

export interface SharedNamespaceOptions {
  readonly keysInForce: readonly string[];
  readonly credentials: Readonly<Record<string, string>>;
  /** The config file's fault rules: installed in the store once per reset, by the first process to use it. */
  readonly configuredFaults: readonly FaultInput[];
  /** What the journal redacts, and how many entries it keeps. */
  readonly journal: Omit<JournalOptions, 'clock'>;
  /** A webhook attempt's timeout; undefined: the outbox's default. */
  readonly webhookTimeoutMs: number | undefined;
}

/**
 * A namespace's control state on a shared store (docs/scale.md, "The runtime's control state"): the clock,
 * revocations, reset generation, fault rules and idempotency keys every process reads from the store. The
 * pipeline keeps using the in-memory namespace's synchronous clock and revocations; each request's begin
 * step (`refresh`) sets them from the store's control record, so what any process changed holds here from
 * the next request on. A reset through another process (the generation moved) resets what this process keeps
 * of the namespace (journal, rate windows, held requests, outbox).
 */
export class SharedNamespace {
  readonly control: SharedControl;
  readonly faults: SharedFaults;
  readonly idempotency: SharedIdempotency;
  /** The journal every process records to and the control surface reads (the inspector's feed is per process). */
  readonly journal: SharedJournal;
  /** This process's journal appends still on their way: a journal read here waits for them. */
  private readonly appending = new Set<Promise<unknown>>();
  /** Webhook deliveries in the store, attempted by whichever process claims each attempt. */
  readonly webhooks: SharedOutbox;
  private generation: number | undefined;
  private skewMs = 0;

  constructor(
    private readonly store: StateStore,
    private readonly storeNamespace: string,
    private readonly local: NamespaceContext<unknown>,
    private readonly options: SharedNamespaceOptions,
  ) {
    this.control = new SharedControl(store, storeNamespace, options.keysInForce);
    this.faults = new SharedFaults(store, storeNamespace, options.credentials);
    this.idempotency = new SharedIdempotency(store, storeNamespace);
    this.webhooks = new SharedOutbox({
      deliveries: new SharedDeliveries(store, storeNamespace),
      clock: local.clock,
      timeoutMs: options.webhookTimeoutMs ?? WEBHOOK_TIMEOUT_MS.default,
    });
    const { byteBudget, ...journal } = options.journal;
    this.journal = new SharedJournal(store, storeNamespace, {
      ...journal,
      ...(byteBudget === undefined ? {} : { maxBytes: byteBudget }),
    });
  }

  /**
   * What a request's begin step reads of the control state, with its state in the same store call: the control
   * record and the fault rules (their version, and the rules when it moved); with `reserveJournalId`, the
   * request's journal id is reserved there too.
   */
  beginReads(reserveJournalId: boolean): BeginReads {
    return {
      keys: [...CONTROL_READS.keys, FAULT_RULES_KEY],
      counters: CONTROL_READS.counters,
      reserve: reserveJournalId ? this.journal.idCounter : undefined,
    };
  }

  /** The begin step of a control call: `beginReads` alone, in one read of the store. */
  async refresh(): Promise<void> {
    const { keys, counters } = this.beginReads(false);
    await this.adoptRead(await this.store.readSnapshot(this.storeNamespace, keys, counters));
  }

  /** What a begin step read of the control state (`beginReads`), followed by this process. */
  async adoptRead(read: StoreSnapshot): Promise<void> {
    const snapshot = this.control.snapshotOf(read);
    this.faults.adopt(read.entries.get(FAULT_RULES_KEY));
    this.adopt(snapshot);
    if (snapshot.stored || this.options.configuredFaults.length === 0) return;
    if (!(await this.control.claimFirstUse())) return;
    for (const rule of this.options.configuredFaults) await this.faults.add(rule);
    await this.faults.refresh();
  }

  /**
   * Appends a request's entry to the store's journal once its answer is out. A failure (the store gone) loses
   * the entry only: the answer was given.
   */
  recordJournal(recorded: RecordedRequest, sandboxTime: Date, id: number | undefined): void {
    const appended = this.journal.record(recorded, sandboxTime, id).catch(() => undefined);
    this.appending.add(appended);
    void appended.finally(() => this.appending.delete(appended));
  }

  /** The store's journal once this process's appends are in: a client reads its own requests there. */
  async journalRead(): Promise<SharedJournal> {
    await Promise.all(this.appending);
    return this.journal;
  }

  /** A validated clock change (`parseClockChange`), for every process. */
  async changeClock(change: ClockChange): Promise<void> {
    if (change.kind === 'freeze') await this.control.freezeAt(new Date(change.atMs));
    else if (change.kind === 'advance') await this.control.advance(change.seconds);
    else await this.control.useRealTime();
    await this.refresh();
  }

  /** Revokes a key in force for every process; false when the value is not one. */
  async revoke(key: string): Promise<boolean> {
    const revoked = await this.control.revoke(key);
    await this.refresh();
    return revoked;
  }

  /** Clears the store namespace and moves the generation on (this process reset its own part already). */
  async applyReset(): Promise<void> {
    // What this process answered before the reset is journaled before it, so the reset clears it too.
    await Promise.all(this.appending);
    this.generation = await this.control.reset();
  }

  /** What this process keeps of the namespace, dropped (a reset; the store's part is the resetter's). */
  resetLocal(): void {
    this.local.reset();
    this.faults.letGoAll();
  }

  /** Shutdown, or eviction: this process's delivery loop stops. */
  close(): void {
    this.webhooks.close();
  }

  private adopt(snapshot: ControlSnapshot): void {
    if (this.generation !== undefined && snapshot.generation !== this.generation) this.resetLocal();
    this.generation = snapshot.generation;
    const skewMs = snapshot.storeNowMs - Date.now();
    if (Math.abs(skewMs - this.skewMs) >= SKEW_TOLERANCE_MS) this.skewMs = skewMs;
    this.local.clock.follow(snapshot.offsetMs + this.skewMs, snapshot.frozenAt ?? undefined);
    this.local.revokedKeys.replaceWith(snapshot.revoked);
  }
}
