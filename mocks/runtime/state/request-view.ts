import type { BudgetLimits, ByteBudgetMap } from '../byte-budget';
import { decodeEntry, encodeEntry } from './entry-codec';
import type { CellSlot, GroupSlot, StateLayout } from './state-layout';
import { ABSENT, ANY_VERSION, MAX_NAME_LENGTH } from './store';
import type { LoadedEntries, MapBudgets, ReadSet, StateWrite, VersionedValue } from './store';

/**
 * One request's view of a provider's shared state (docs/scale.md, "Run"): the state's shape, its maps
 * answering from the entries loaded at begin, synchronously. Every entry handed out is a private copy, parsed
 * from its text, so a change made in place is seen at commit (its text differs); writes are buffered; every
 * key read is remembered with its version, and a map iterated with its map version (the read set the commit
 * checks). A read of an entry that was not loaded throws `NeedsEntries`: the driver loads it and runs again.
 * Within `probe`, such a read answers absent instead, so that one pass learns every entry a read needs next.
 */

/** The surface of `ByteBudgetMap` that providers' handlers use: what a view's map answers. */
export type StateMap<V> = Pick<
  ByteBudgetMap<string, V>,
  'get' | 'has' | 'set' | 'delete' | 'values' | 'size'
>;

/**
 * The run read an entry or map that was not loaded: an internal signal (never an answer), thrown where the
 * read happens. The view also keeps what it missed, so a handler catching it changes nothing.
 */
export class NeedsEntries extends Error {
  override readonly name = 'NeedsEntries';
  constructor(
    /** Store keys and store map names. */
    readonly keys: readonly string[],
    readonly maps: readonly string[],
  ) {
    // Keys are ids (some are tokens' handles): the message counts them and names none.
    super(`the run needs ${keys.length} entries and ${maps.length} maps it has not loaded`);
  }
}

const DELETED = Symbol('deleted');

/** An entry the run has touched: handed out (a private copy) or written. */
interface Held {
  value: unknown;
  /** The budgeted map it is in (store name); undefined for a cell. */
  readonly map: string | undefined;
  /** The text it had when loaded (a cell's initial text when absent): unchanged text is not written back. */
  readonly baseline: string | undefined;
}

/** What the commit checks and writes. */
export interface ViewChanges {
  readonly reads: ReadSet;
  readonly writes: readonly StateWrite[];
  readonly budgets: MapBudgets;
}

export class RequestView<S extends object, E = never> {
  /** The state in the provider's shape, its maps and records answered by this view. */
  readonly state: S;
  /** Side effects the run asked for (webhooks): the driver hands them on only from the committed run. */
  readonly effects: E[] = [];
  private readonly held = new Map<string, Held>();
  private readonly reads = new Map<string, number>();
  private readonly mapReads = new Map<string, number>();
  /** Keys set in a map that the loaded map did not hold, in order: they come last in `values()`. */
  private readonly added = new Map<string, string[]>();
  private readonly limits = new Map<string, BudgetLimits>();
  private readonly missingKeys = new Set<string>();
  private readonly missingMaps = new Set<string>();
  private probing = false;

  constructor(
    layout: StateLayout<S>,
    private readonly loaded: LoadedEntries,
  ) {
    this.state = this.build(layout.root) as S;
  }

  defer(effect: E): void {
    this.effects.push(effect);
  }

  /**
   * Runs `read` with every entry (or map) it reads that was not loaded answering absent (empty), remembered
   * as missing: one pass learns all the entries its independent reads need, where a run stops at the first.
   * What it read that was loaded joins the read set, as any read.
   */
  probe(read: (state: S) => void): void {
    this.probing = true;
    try {
      read(this.state);
    } finally {
      this.probing = false;
    }
  }

  /** What the run read without having it loaded; undefined when it missed nothing. */
  missing(): { readonly keys: readonly string[]; readonly maps: readonly string[] } | undefined {
    if (this.missingKeys.size + this.missingMaps.size === 0) return undefined;
    return { keys: [...this.missingKeys], maps: [...this.missingMaps] };
  }

  /**
   * The read set and the writes: each entry written, and each entry handed out whose text changed, at the
   * version read (unconditional when it was written without being read).
   */
  changes(): ViewChanges {
    const writes: StateWrite[] = [];
    const budgets: Record<string, BudgetLimits> = {};
    for (const [key, held] of this.held) {
      const deleted = held.value === DELETED;
      if (deleted && held.baseline === undefined) continue;
      const value = deleted ? undefined : encodeEntry(held.value);
      if (!deleted && value === held.baseline) continue;
      writes.push({ key, value, expectedVersion: this.reads.get(key) ?? ANY_VERSION, map: held.map });
      const limits = held.map === undefined ? undefined : this.limits.get(held.map);
      if (held.map !== undefined && limits) budgets[held.map] = limits;
    }
    const written = new Set(writes.map((write) => write.key));
    const keys = [...this.reads].filter(([key]) => !written.has(key));
    return {
      reads: {
        keys: keys.map(([key, version]) => ({ key, version })),
        maps: [...this.mapReads].map(([map, version]) => ({ map, version })),
      },
      writes,
      budgets,
    };
  }

  /** The loaded entry, remembered as read; throws `NeedsEntries` when it was not loaded (absent in a probe). */
  private stored(key: string, map: string | undefined): VersionedValue | undefined {
    let entry: VersionedValue | undefined;
    if (this.loaded.entries.has(key)) entry = this.loaded.entries.get(key);
    else if (map === undefined || !this.loaded.maps.has(map)) {
      this.missingKeys.add(key);
      if (this.probing) return undefined;
      throw new NeedsEntries([key], []);
    }
    if (!this.reads.has(key)) this.reads.set(key, entry?.version ?? ABSENT);
    return entry;
  }

  private get(key: string, map: string): unknown {
    const held = this.held.get(key);
    if (held) return held.value === DELETED ? undefined : held.value;
    const entry = this.stored(key, map);
    if (!entry) return undefined;
    const value = decodeEntry(entry.value);
    this.held.set(key, { value, map, baseline: entry.value });
    return value;
  }

  private has(key: string, map: string): boolean {
    const held = this.held.get(key);
    return held ? held.value !== DELETED : this.stored(key, map) !== undefined;
  }

  private set(key: string, map: string, value: unknown, limits: BudgetLimits): void {
    const held = this.held.get(key);
    if (held) held.value = value;
    else {
      const baseline = this.loaded.entries.get(key)?.value;
      this.held.set(key, { value, map, baseline });
    }
    if (!this.loaded.entries.get(key)) {
      const added = this.added.get(map) ?? [];
      if (!added.includes(key)) added.push(key);
      this.added.set(map, added);
    }
    this.limits.set(map, limits);
  }

  private delete(key: string, map: string): boolean {
    const existed = this.has(key, map);
    const held = this.held.get(key);
    if (held) held.value = DELETED;
    else this.held.set(key, { value: DELETED, map, baseline: this.loaded.entries.get(key)?.value });
    return existed;
  }

  /** The map's keys in order (loaded ones oldest first, then those this run added), remembered as read. */
  private keysOf(map: string): string[] {
    const loaded = this.loaded.maps.get(map);
    if (!loaded) {
      this.missingMaps.add(map);
      if (this.probing) return [];
      throw new NeedsEntries([], [map]);
    }
    if (!this.mapReads.has(map)) this.mapReads.set(map, loaded.version);
    const keys = [...loaded.keys, ...(this.added.get(map) ?? [])];
    return keys.filter((key) => this.held.get(key)?.value !== DELETED);
  }

  private cell(slot: CellSlot): unknown {
    const held = this.held.get(slot.storeKey);
    if (held) return held.value;
    const entry = this.stored(slot.storeKey, undefined);
    // A probe's miss is not held: the view is discarded for one that loads the record.
    if (!entry && this.missingKeys.has(slot.storeKey)) return decodeEntry(slot.initial);
    const baseline = entry?.value ?? slot.initial;
    const value = decodeEntry(baseline);
    this.held.set(slot.storeKey, { value, map: undefined, baseline });
    return value;
  }

  private build(group: GroupSlot): Record<string, unknown> {
    const built: Record<string, unknown> = {};
    for (const [property, slot] of group.children) {
      if (slot.kind === 'group') built[property] = this.build(slot);
      else if (slot.kind === 'map') built[property] = this.mapOf(slot.storeName);
      else Object.defineProperty(built, property, { enumerable: true, get: () => this.cell(slot) });
    }
    return built;
  }

  private mapOf<V>(map: string): StateMap<V> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the map's methods answer from this view
    const view = this;
    /** A key longer than a store key may be was never stored: it reads as absent. */
    const keyOf = (key: string) => {
      const stored = `${map}:${key}`;
      return stored.length > MAX_NAME_LENGTH ? undefined : stored;
    };
    return {
      get(key: string): V | undefined {
        const stored = keyOf(key);
        return stored === undefined ? undefined : (view.get(stored, map) as V | undefined);
      },
      has(key: string): boolean {
        const stored = keyOf(key);
        return stored !== undefined && view.has(stored, map);
      },
      set(key: string, value: V, limits: BudgetLimits): string[] {
        const stored = keyOf(key);
        if (stored === undefined) throw new RangeError(`a key of ${map} is too long to be stored`);
        view.set(stored, map, value, limits);
        // What the budget evicts is decided by the commit, across every process's writes.
        return [];
      },
      delete(key: string): boolean {
        const stored = keyOf(key);
        return stored !== undefined && view.delete(stored, map);
      },
      *values(): IterableIterator<V> {
        for (const key of view.keysOf(map)) yield view.get(key, map) as V;
      },
      get size(): number {
        return view.keysOf(map).length;
      },
    };
  }
}
