/**
 * Memory bounded in bytes: a map that charges each entry an estimate of the heap it holds and forgets the
 * oldest entries once the total passes its budget. A count limit alone does not bound memory: one client
 * sending 1 MiB bodies fills the same count with a thousand times the bytes.
 */

export interface BudgetLimits {
  /** The most bytes (as estimated) the entries may hold together. */
  readonly maxBytes: number;
  /** The most entries kept, whatever their size. */
  readonly maxEntries?: number;
}

/**
 * Insertion-ordered like `Map`: replacing an entry keeps its place and charges its new size, and eviction
 * takes the oldest first. An entry larger than the whole budget is not kept (it is evicted as it is set).
 */
export class ByteBudgetMap<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly sizeOf: (value: V) => number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The bytes charged to the entries kept. */
  get bytes(): number {
    return this.total;
  }

  get(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  *values(): IterableIterator<V> {
    for (const entry of this.entries.values()) yield entry.value;
  }

  /** Stores (or replaces) an entry, then evicts the oldest entries until the limits hold; returns their keys. */
  set(key: K, value: V, limits: BudgetLimits): K[] {
    const bytes = this.sizeOf(value);
    const previous = this.entries.get(key);
    this.total += bytes - (previous?.bytes ?? 0);
    this.entries.set(key, { value, bytes });
    const evicted: K[] = [];
    const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
    // Within the limits (nearly every set), no iterator is made.
    if (this.total <= limits.maxBytes && this.entries.size <= maxEntries) return evicted;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= limits.maxBytes && this.entries.size <= maxEntries) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
      evicted.push(oldest);
    }
    return evicted;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }
}

/** V8's object and array headers and slots, rounded up: what an estimate charges beyond the data itself. */
const OBJECT_BYTES = 32;
const SLOT_BYTES = 8;
const STRING_HEADER_BYTES = 16;
/**
 * A heap number, or the longest JSON text of one: `-0.0000012345678901234567` (JavaScript writes a number
 * between 1e-7 and 1e-6 out in full, 17 digits after five zeros).
 */
const NUMBER_BYTES = 25;

/**
 * An upper-bound estimate of the heap a JSON-like value holds (objects, arrays, Maps, strings, numbers),
 * without recursion (a deep value cannot blow the stack) and counting a shared object once. Strings are
 * charged two bytes a character, V8's wider encoding; object keys are charged as the strings they are.
 */
export function estimateBytes(value: unknown): number {
  let bytes = 0;
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') bytes += STRING_HEADER_BYTES + 2 * item.length;
    else if (typeof item === 'number') bytes += NUMBER_BYTES;
    else if (typeof item !== 'object' || item === null || seen.has(item)) bytes += SLOT_BYTES;
    else {
      seen.add(item);
      bytes += OBJECT_BYTES;
      if (item instanceof Map) {
        for (const [key, entry] of item) pending.push(key, entry);
        bytes += SLOT_BYTES * 2 * item.size;
      } else if (Array.isArray(item)) {
        for (const element of item) pending.push(element);
        bytes += SLOT_BYTES * item.length;
      } else {
        // Keys are strings, charged here; only the values wait (no [key, value] pair made per field).
        const keys = Object.keys(item);
        for (const key of keys) {
          bytes += STRING_HEADER_BYTES + 2 * key.length;
          pending.push((item as Record<string, unknown>)[key]);
        }
      }
    }
  }
  return bytes;
}
