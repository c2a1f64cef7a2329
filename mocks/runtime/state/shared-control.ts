import { ABSENT, type StateStore, type StoreSnapshot } from './store';
import { updateJson } from './update-json';

/**
 * A namespace's control record on the shared store: the sandbox clock (`SandboxClock`'s `{offsetMs,
 * frozenAt}`), the credential values revoked (`RevokedKeys`), and the reset generation. Every process reads it
 * fresh, so a clock move, a revocation or a reset through one holds for all from their next read; "now" is
 * computed from the store's time (Redis `TIME`), so processes on different machines agree on it.
 */
interface ControlRecord {
  readonly offsetMs: number;
  /** The instant the clock is frozen at (ms), or null while it runs. */
  readonly frozenAt: number | null;
  readonly revoked: readonly string[];
}

/** What a request reads of the control record. */
export interface ControlSnapshot {
  /** The sandbox clock's time. */
  readonly now: Date;
  readonly frozen: boolean;
  readonly revoked: ReadonlySet<string>;
  /** Grows with every reset of the namespace: a process drops what it cached of the namespace when it moves. */
  readonly generation: number;
  /** The clock's setting as stored: what a process's own clock follows. */
  readonly offsetMs: number;
  readonly frozenAt: number | null;
  /** The store's time when read (ms): a process's clock follows it, not its own machine's. */
  readonly storeNowMs: number;
  /** Whether the record exists: absent until the namespace's first control write or first use since a reset. */
  readonly stored: boolean;
}

const KEY = 'control';
const GENERATION = 'reset-generation';

/** What a read of the control record reads of the store (`readSnapshot`'s keys and counters). */
export const CONTROL_READS = { keys: [KEY], counters: [GENERATION] } as const;
const REAL_TIME: ControlRecord = { offsetMs: 0, frozenAt: null, revoked: [] };
export class SharedControl {
  private readonly inForce: ReadonlySet<string>;

  /** `keysInForce`: the credential values that may be revoked (the set stays bounded by them). */
  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    keysInForce: readonly string[],
  ) {
    this.inForce = new Set(keysInForce);
  }

  async read(): Promise<ControlSnapshot> {
    return this.snapshotOf(
      await this.store.readSnapshot(this.namespace, CONTROL_READS.keys, CONTROL_READS.counters),
    );
  }

  /** The control record as `read` answers it, from a read of the store that included `CONTROL_READS`. */
  snapshotOf(read: StoreSnapshot): ControlSnapshot {
    const stored = read.entries.get(KEY);
    const storeNow = read.timeMs;
    const record = stored ? (JSON.parse(stored.value) as ControlRecord) : REAL_TIME;
    return {
      now: new Date(record.frozenAt ?? storeNow + record.offsetMs),
      frozen: record.frozenAt !== null,
      revoked: new Set(record.revoked),
      generation: read.counters.get(GENERATION) ?? 0,
      offsetMs: record.offsetMs,
      frozenAt: record.frozenAt,
      storeNowMs: storeNow,
      stored: stored !== undefined,
    };
  }

  async now(): Promise<Date> {
    return (await this.read()).now;
  }

  /** Freezes the clock at `instant` until advanced or set back to real time. */
  async freezeAt(instant: Date): Promise<void> {
    const frozenAt = instant.getTime();
    if (!Number.isSafeInteger(frozenAt)) throw new RangeError('the clock is frozen at a valid instant');
    await this.update((record) => ({ ...record, frozenAt }));
  }

  /** Moves the clock forward (or back, with a negative value), frozen or not. */
  async advance(seconds: number): Promise<void> {
    const ms = Math.round(seconds * 1000);
    if (!Number.isSafeInteger(ms)) throw new RangeError('the clock advances by a finite number of seconds');
    await this.update((record) =>
      record.frozenAt === null
        ? { ...record, offsetMs: record.offsetMs + ms }
        : { ...record, frozenAt: record.frozenAt + ms },
    );
  }

  async useRealTime(): Promise<void> {
    await this.update((record) => ({ ...record, offsetMs: 0, frozenAt: null }));
  }

  /** Revokes a key in force; false when the value is not one (nothing changes). */
  async revoke(key: string): Promise<boolean> {
    if (!this.inForce.has(key)) return false;
    await this.update((record) =>
      record.revoked.includes(key) ? record : { ...record, revoked: [...record.revoked, key] },
    );
    return true;
  }

  /**
   * Resets the namespace: everything in it is forgotten at once (the clock back to real time, no key revoked,
   * and every other piece's state), and the generation moves on.
   */
  async reset(): Promise<number> {
    await this.store.clear(this.namespace);
    return this.store.increment(this.namespace, GENERATION);
  }

  /**
   * Stores the real-time record if none is stored: true for the one caller that did, once per reset (what the
   * namespace does once, such as installing the config's faults, goes with it).
   */
  async claimFirstUse(): Promise<boolean> {
    const write = { key: KEY, value: JSON.stringify(REAL_TIME), expectedVersion: ABSENT };
    return (await this.store.commit(this.namespace, [write])).applied;
  }

  private async update(change: (record: ControlRecord) => ControlRecord): Promise<void> {
    await updateJson<ControlRecord>(this.store, this.namespace, KEY, (record) => change(record ?? REAL_TIME));
  }
}
