import { ByteBudgetMap } from '../byte-budget';
import { encodeEntry } from './entry-codec';

/**
 * A provider's state layout: where its state lives in a shared store, read off the object its `createState`
 * returns, so nothing is declared twice (docs/scale.md, "Provider state"). Each `ByteBudgetMap` becomes a
 * budgeted map of the store (its byte budget is the one each `set` passes, from the settings, as today); each
 * other plain record (Kashier's `invoiceNumbers`) becomes a _cell_, one entry holding the whole record; plain
 * objects holding maps (Kashier's modes) are groups, walked through. Anything else (a class of the provider's
 * own, say one keeping indexes beside a map) has no layout and is refused by name: its indexes become maps of
 * their own, as Kigo's are.
 */

/** A budgeted map: `name` is its path in the state (`packages`, `test.sessions`). */
export interface MapSlot {
  readonly kind: 'map';
  readonly name: string;
  /** The map's name in the store, `<provider>:<name>`; its entries are `<storeName>:<key>`. */
  readonly storeName: string;
}

/** A record kept whole in one entry. */
export interface CellSlot {
  readonly kind: 'cell';
  readonly name: string;
  readonly storeKey: string;
  /** The record's text as `createState` makes it: what the cell holds until first written. */
  readonly initial: string;
}

export interface GroupSlot {
  readonly kind: 'group';
  readonly children: readonly (readonly [property: string, slot: LayoutSlot])[];
}

export type LayoutSlot = MapSlot | CellSlot | GroupSlot;

/** The entries a run needs loaded, in the layout's terms. */
export interface StateNeeds {
  /** Entries of maps: [map name, key]. */
  readonly entries?: readonly (readonly [map: string, key: string])[];
  /** Maps loaded whole (for `values()` and `size`). */
  readonly maps?: readonly string[];
  readonly cells?: readonly string[];
}

/** `StateNeeds` in the store's terms: what `loadEntries` is asked for. */
export interface StoreNeeds {
  readonly keys: readonly string[];
  readonly maps: readonly string[];
}

const PROVIDER = /^[a-z][a-z0-9-]{0,31}$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function holdsMap(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    Object.values(value).some((child) => child instanceof ByteBudgetMap || holdsMap(child))
  );
}

export class StateLayout<S extends object = object> {
  readonly root: GroupSlot;
  private readonly maps = new Map<string, MapSlot>();
  private readonly cells = new Map<string, CellSlot>();

  private constructor(
    readonly provider: string,
    initial: S,
  ) {
    this.root = this.group(initial as Record<string, unknown>, []);
  }

  /** The layout of the state `createState` returns (a fresh one: it is only looked at). */
  static of<S extends object>(provider: string, initial: S): StateLayout<S> {
    if (!PROVIDER.test(provider)) throw new RangeError('a provider name is 1 to 32 of a-z, 0-9 and "-"');
    if (!isPlainObject(initial)) throw new RangeError(`${provider}'s state is not a plain object`);
    return new StateLayout(provider, initial);
  }

  map(name: string): MapSlot {
    const slot = this.maps.get(name);
    if (!slot) throw new RangeError(`${this.provider}'s state has no map "${name}"`);
    return slot;
  }

  cell(name: string): CellSlot {
    const slot = this.cells.get(name);
    if (!slot) throw new RangeError(`${this.provider}'s state has no record "${name}"`);
    return slot;
  }

  /** The names of the maps, then of the cells, in the state's order. */
  get names(): { readonly maps: readonly string[]; readonly cells: readonly string[] } {
    return { maps: [...this.maps.keys()], cells: [...this.cells.keys()] };
  }

  /** The store key of a map's entry. */
  entryKey(map: string, key: string): string {
    return `${this.map(map).storeName}:${key}`;
  }

  /** The map entry a store key names (an evicted key, say), or undefined when it is none of this layout's. */
  entryOf(storeKey: string): { readonly map: string; readonly key: string } | undefined {
    let found: MapSlot | undefined;
    for (const slot of this.maps.values()) {
      const fits = storeKey.startsWith(`${slot.storeName}:`);
      if (fits && (!found || slot.storeName.length > found.storeName.length)) found = slot;
    }
    return found && { map: found.name, key: storeKey.slice(found.storeName.length + 1) };
  }

  /** What `loadEntries` is asked for to load `needs`. */
  storeNeeds(needs: StateNeeds): StoreNeeds {
    return {
      keys: [
        ...(needs.entries ?? []).map(([map, key]) => this.entryKey(map, key)),
        ...(needs.cells ?? []).map((name) => this.cell(name).storeKey),
      ],
      maps: (needs.maps ?? []).map((name) => this.map(name).storeName),
    };
  }

  private group(value: Record<string, unknown>, path: readonly string[]): GroupSlot {
    const children: [string, LayoutSlot][] = [];
    for (const [property, child] of Object.entries(value)) {
      const name = [...path, property].join('.');
      if (child instanceof ByteBudgetMap) {
        const slot: MapSlot = { kind: 'map', name, storeName: `${this.provider}:${name}` };
        this.maps.set(name, slot);
        children.push([property, slot]);
      } else if (holdsMap(child)) {
        children.push([property, this.group(child as Record<string, unknown>, [...path, property])]);
      } else if (isPlainObject(child) || Array.isArray(child)) {
        const slot: CellSlot = {
          kind: 'cell',
          name,
          storeKey: `${this.provider}:${name}`,
          initial: encodeEntry(child),
        };
        this.cells.set(name, slot);
        children.push([property, slot]);
      } else {
        throw new RangeError(
          `${this.provider}'s state "${name}" cannot be shared: only ByteBudgetMaps and plain records can`,
        );
      }
    }
    return { kind: 'group', children };
  }
}
