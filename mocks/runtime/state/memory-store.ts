import { randomUUID } from 'node:crypto';
import { ANY_VERSION, check, claimToken, lockOwner, NO_READS, readExpiringRecord } from './store';
import type {
  BeginRead,
  BeginReads,
  CommitResult,
  LoadedEntries,
  LoadedMap,
  MapBudgets,
  ReadSet,
  ScheduleClaim,
  ScheduledEntry,
  StateStore,
  StoreSnapshot,
  StoredOrClaim,
  StateWrite,
  StreamEntry,
  StreamLimits,
  StreamValue,
  VersionedValue,
} from './store';

interface Slot {
  readonly value: string;
  readonly version: number;
  /** Real time (ms) it expires; Infinity when never. */
  readonly expiresAt: number;
  /** The budgeted map it belongs to. */
  readonly map: string | undefined;
}

/** A budgeted map's accounting: each key's bytes in first-insertion order (a Map keeps a replaced key's place). */
interface BudgetedMap {
  readonly sizes: Map<string, number>;
  bytes: number;
  /** Moves on every write, deletion and eviction of one of its keys. */
  version: number;
}

interface Stream {
  entries: (StreamEntry & { readonly bytes: number })[];
  bytes: number;
}

/** A leased schedule: members in insertion order with their values and due times. */
type Schedule = Map<string, { value: string; dueAtMs: number | undefined }>;

/** What `clear` forgets. */
interface NamespaceData {
  readonly values: Map<string, Slot>;
  readonly locks: Map<string, { readonly token: string; readonly expiresAt: number }>;
  readonly streams: Map<string, Stream>;
  readonly maps: Map<string, BudgetedMap>;
  readonly schedules: Map<string, Schedule>;
}

/**
 * The state store of one process: maps per namespace. Its operations are asynchronous only to answer the
 * interface; the sandbox's in-memory hot path does not go through it (docs/scale.md, "Design").
 */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  private readonly namespaces = new Map<string, NamespaceData>();
  /** Counters and stream sequences: they survive `clear`. */
  private readonly counters = new Map<string, number>();
  private version = 0;

  /** `now` is real time (TTLs and leases are real time); tests pass their own. */
  constructor(private readonly now: () => number = Date.now) {}

  async get(namespace: string, key: string): Promise<VersionedValue | undefined> {
    const slot = this.liveSlot(namespace, key);
    return slot && { value: slot.value, version: slot.version };
  }

  async set(namespace: string, key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    await this.commit(namespace, [{ key, value, expectedVersion: ANY_VERSION, ...options }]);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    check.name('key', key);
    const slot = this.liveSlot(namespace, key);
    if (slot) this.remove(namespace, key, slot);
    return slot !== undefined;
  }

  async ttlMs(namespace: string, key: string): Promise<number | undefined> {
    const slot = this.liveSlot(namespace, key);
    return slot === undefined || slot.expiresAt === Infinity ? undefined : slot.expiresAt - this.now();
  }

  async commit(
    namespace: string,
    writes: readonly StateWrite[],
    budgets: MapBudgets = {},
  ): Promise<CommitResult> {
    return this.commitIfUnchanged(namespace, NO_READS, writes, budgets);
  }

  async loadEntries(
    namespace: string,
    keys: readonly string[],
    maps: readonly string[],
  ): Promise<LoadedEntries> {
    return this.loadNow(namespace, keys, maps);
  }

  private loadNow(namespace: string, keys: readonly string[], maps: readonly string[]): LoadedEntries {
    const entries = new Map<string, VersionedValue | undefined>();
    const loadedMaps = new Map<string, LoadedMap>();
    const read = (key: string) => {
      const slot = this.liveSlot(namespace, key);
      entries.set(key, slot && { value: slot.value, version: slot.version });
    };
    for (const key of keys) read(key);
    for (const map of maps) {
      check.name('map', map);
      const kept = this.data(namespace).maps.get(map);
      const mapKeys = [...(kept?.sizes.keys() ?? [])];
      for (const key of mapKeys) read(key);
      loadedMaps.set(map, { version: kept?.version ?? 0, keys: mapKeys });
    }
    return { entries, maps: loadedMaps };
  }

  async commitIfUnchanged(
    namespace: string,
    reads: ReadSet,
    writes: readonly StateWrite[],
    budgets: MapBudgets = {},
  ): Promise<CommitResult> {
    check.writes(writes, budgets);
    check.reads(reads);
    for (const write of writes) {
      const version = this.liveSlot(namespace, write.key)?.version ?? 0;
      if (write.expectedVersion !== ANY_VERSION && write.expectedVersion !== version)
        return { applied: false };
    }
    for (const { key, version } of reads.keys)
      if ((this.liveSlot(namespace, key)?.version ?? 0) !== version) return { applied: false };
    for (const { map, version } of reads.maps)
      if ((this.data(namespace).maps.get(map)?.version ?? 0) !== version) return { applied: false };
    const { values } = this.data(namespace);
    for (const { key, value, ttlMs, map } of writes) {
      const previous = values.get(key);
      if (previous) this.remove(namespace, key, previous, previous.map === map ? value : undefined);
      if (value === undefined) continue;
      const expiresAt = ttlMs ? this.now() + ttlMs : Infinity;
      values.set(key, { value, version: ++this.version, expiresAt, map });
      if (map !== undefined) this.charge(namespace, map, key, Buffer.byteLength(value));
    }
    const evicted: string[] = [];
    for (const [map, limits] of Object.entries(budgets)) evicted.push(...this.evict(namespace, map, limits));
    return { applied: true, evicted };
  }

  async mapKeys(namespace: string, map: string): Promise<string[]> {
    check.name('map', map);
    return [...(this.data(namespace).maps.get(map)?.sizes.keys() ?? [])];
  }

  async mapBytes(namespace: string, map: string): Promise<number> {
    check.name('map', map);
    return this.data(namespace).maps.get(map)?.bytes ?? 0;
  }

  async acquireLock(namespace: string, name: string, leaseMs: number): Promise<string | undefined> {
    check.name('lock', name);
    check.ttl('leaseMs', leaseMs, true);
    if (this.liveLock(namespace, name)) return undefined;
    const token = randomUUID();
    this.data(namespace).locks.set(name, { token, expiresAt: this.now() + leaseMs });
    return token;
  }

  async releaseLock(namespace: string, name: string, token: string): Promise<boolean> {
    check.name('lock', name);
    if (this.liveLock(namespace, name)?.token !== token) return false;
    this.data(namespace).locks.delete(name);
    return true;
  }

  async increment(namespace: string, name: string): Promise<number> {
    return this.bump(this.counterName(namespace, name));
  }

  async append(
    namespace: string,
    stream: string,
    values: readonly StreamValue[],
    limits: StreamLimits,
  ): Promise<number[]> {
    check.append(stream, values, limits);
    const { streams } = this.data(namespace);
    const kept = streams.get(stream) ?? { entries: [], bytes: 0 };
    streams.set(stream, kept);
    const ids = values.map((value) => {
      const id = this.bump(`${namespace}\nstream\n${stream}`);
      const bytes = Buffer.byteLength(value);
      kept.entries.push({ id, value: typeof value === 'string' ? value : value.toString('utf8'), bytes });
      kept.bytes += bytes;
      return id;
    });
    let drop = 0;
    while (
      kept.entries.length - drop > 1 &&
      (kept.entries.length - drop > limits.maxEntries || kept.bytes > limits.maxBytes)
    ) {
      kept.bytes -= (kept.entries[drop] as { bytes: number }).bytes;
      drop += 1;
    }
    if (drop > 0) kept.entries = kept.entries.slice(drop);
    return ids;
  }

  async entries(namespace: string, stream: string, afterId = 0): Promise<StreamEntry[]> {
    check.name('stream', stream);
    const kept = this.data(namespace).streams.get(stream)?.entries ?? [];
    return kept.filter((entry) => entry.id > afterId).map(({ id, value }) => ({ id, value }));
  }

  async streamBytes(namespace: string, stream: string): Promise<number> {
    check.name('stream', stream);
    return this.data(namespace).streams.get(stream)?.bytes ?? 0;
  }

  async time(): Promise<number> {
    return this.now();
  }

  async claimUnlessStored(
    namespace: string,
    key: string,
    lock: string,
    claim: { nowMs: number; leaseMs: number; owner: string },
  ): Promise<StoredOrClaim> {
    check.name('lock', lock);
    check.claim(claim);
    const slot = this.liveSlot(namespace, key);
    if (slot && readExpiringRecord(slot.value).expiresAtMs > claim.nowMs)
      return { kind: 'stored', value: slot.value, version: slot.version };
    if (slot) this.remove(namespace, key, slot);
    const held = this.liveLock(namespace, lock);
    if (held) return { kind: 'held', owner: lockOwner(held.token) };
    const token = claimToken(claim.owner);
    this.data(namespace).locks.set(lock, { token, expiresAt: this.now() + claim.leaseMs });
    return { kind: 'claimed', token };
  }

  async incrementUpTo(namespace: string, name: string, max: number): Promise<number | undefined> {
    // No await between the read and the increment: one step, as the Redis script is.
    const counter = this.counterName(namespace, name);
    return (this.counters.get(counter) ?? 0) >= max ? undefined : this.bump(counter);
  }

  async counterValue(namespace: string, name: string): Promise<number> {
    return this.counters.get(this.counterName(namespace, name)) ?? 0;
  }

  async readSnapshot(
    namespace: string,
    keys: readonly string[],
    counters: readonly string[],
  ): Promise<StoreSnapshot> {
    return this.snapshotNow(namespace, keys, counters);
  }

  private snapshotNow(
    namespace: string,
    keys: readonly string[],
    counters: readonly string[],
  ): StoreSnapshot {
    const entries = new Map<string, VersionedValue | undefined>();
    for (const key of keys) {
      const slot = this.liveSlot(namespace, key);
      entries.set(key, slot && { value: slot.value, version: slot.version });
    }
    const values = new Map<string, number>();
    for (const name of counters) values.set(name, this.counters.get(this.counterName(namespace, name)) ?? 0);
    return { entries, counters: values, timeMs: this.now() };
  }

  async begin(
    namespace: string,
    keys: readonly string[],
    maps: readonly string[],
    reads: BeginReads,
  ): Promise<BeginRead> {
    // Everything checked first: a bad name reserves nothing.
    check.namespace(namespace);
    check.begin(keys, maps, reads);
    // No await between the parts: one step, as the Redis script.
    const loaded = this.loadNow(namespace, keys, maps);
    const snapshot = this.snapshotNow(namespace, reads.keys, reads.counters);
    const reserved =
      reads.reserve === undefined ? undefined : this.bump(this.counterName(namespace, reads.reserve));
    return { loaded, snapshot, reserved };
  }

  async scheduleAdd(
    namespace: string,
    schedule: string,
    entry: { member: string; value: string; dueAtMs: number | undefined },
    maxEntries: number,
  ): Promise<string[]> {
    check.name('member', entry.member);
    check.due('dueAtMs', entry.dueAtMs);
    check.limits({ maxEntries, maxBytes: 0 });
    const members = this.schedule(namespace, schedule);
    members.set(entry.member, { value: entry.value, dueAtMs: entry.dueAtMs });
    const dropped: string[] = [];
    while (members.size > maxEntries) {
      const finished = [...members].find(([, kept]) => kept.dueAtMs === undefined)?.[0];
      const member = finished ?? (members.keys().next().value as string);
      members.delete(member);
      this.data(namespace).locks.delete(scheduleLock(schedule, member));
      dropped.push(member);
    }
    return dropped;
  }

  async claimDue(
    namespace: string,
    schedule: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ScheduleClaim | undefined> {
    check.due('nowMs', nowMs);
    check.ttl('leaseMs', leaseMs, true);
    const due = [...this.schedule(namespace, schedule)]
      .filter(([, entry]) => entry.dueAtMs !== undefined && entry.dueAtMs <= nowMs)
      .sort(([, a], [, b]) => (a.dueAtMs as number) - (b.dueAtMs as number));
    for (const [member, { value }] of due) {
      const lock = scheduleLock(schedule, member);
      if (this.liveLock(namespace, lock)) continue;
      const token = randomUUID();
      this.data(namespace).locks.set(lock, { token, expiresAt: this.now() + leaseMs });
      return { member, value, token };
    }
    return undefined;
  }

  async settleClaim(
    namespace: string,
    schedule: string,
    claim: { member: string; token: string },
    outcome: { value: string; nextDueAtMs: number | undefined },
  ): Promise<boolean> {
    check.due('nextDueAtMs', outcome.nextDueAtMs);
    const members = this.schedule(namespace, schedule);
    const lock = scheduleLock(schedule, claim.member);
    if (this.liveLock(namespace, lock)?.token !== claim.token || !members.has(claim.member)) return false;
    members.set(claim.member, { value: outcome.value, dueAtMs: outcome.nextDueAtMs });
    this.data(namespace).locks.delete(lock);
    return true;
  }

  async scheduleEntries(namespace: string, schedule: string): Promise<ScheduledEntry[]> {
    return [...this.schedule(namespace, schedule)].map(([member, { value, dueAtMs }]) => ({
      member,
      value,
      dueAtMs,
    }));
  }

  async clear(namespace: string): Promise<void> {
    check.namespace(namespace);
    this.namespaces.delete(namespace);
  }

  async close(): Promise<void> {
    this.namespaces.clear();
  }

  private data(namespace: string): NamespaceData {
    check.namespace(namespace);
    let data = this.namespaces.get(namespace);
    if (!data) {
      data = {
        values: new Map(),
        locks: new Map(),
        streams: new Map(),
        maps: new Map(),
        schedules: new Map(),
      };
      this.namespaces.set(namespace, data);
    }
    return data;
  }

  private schedule(namespace: string, name: string): Schedule {
    check.name('schedule', name);
    const { schedules } = this.data(namespace);
    const kept = schedules.get(name) ?? new Map();
    schedules.set(name, kept);
    return kept;
  }

  /** The lock's holder unless its lease has ended. */
  private liveLock(namespace: string, name: string) {
    const held = this.data(namespace).locks.get(name);
    return held && held.expiresAt > this.now() ? held : undefined;
  }

  /** The key's slot unless it has expired (an expired one is dropped as it is found). */
  private liveSlot(namespace: string, key: string): Slot | undefined {
    check.name('key', key);
    const { values } = this.data(namespace);
    const slot = values.get(key);
    if (slot && slot.expiresAt <= this.now()) {
      values.delete(key);
      return undefined;
    }
    return slot;
  }

  /**
   * Forgets a key's slot and, unless it is about to be replaced in the same map (`replacing`), its place and
   * bytes in its map; a replaced key keeps its place and is charged again by `charge`.
   */
  private remove(namespace: string, key: string, slot: Slot, replacing?: string): void {
    const { values, maps } = this.data(namespace);
    values.delete(key);
    const kept = slot.map === undefined ? undefined : maps.get(slot.map);
    if (!kept || replacing !== undefined) return;
    kept.bytes -= kept.sizes.get(key) ?? 0;
    kept.sizes.delete(key);
    kept.version = ++this.version;
  }

  private charge(namespace: string, map: string, key: string, bytes: number): void {
    const { maps } = this.data(namespace);
    const kept = maps.get(map) ?? { sizes: new Map<string, number>(), bytes: 0, version: 0 };
    maps.set(map, kept);
    kept.bytes += bytes - (kept.sizes.get(key) ?? 0);
    kept.sizes.set(key, bytes);
    kept.version = ++this.version;
  }

  private evict(namespace: string, map: string, limits: MapBudgets[string]): string[] {
    const { values, maps } = this.data(namespace);
    const kept = maps.get(map);
    const evicted: string[] = [];
    const maxEntries = limits.maxEntries ?? Infinity;
    if (!kept) return evicted;
    for (const [key, bytes] of kept.sizes) {
      if (kept.bytes <= limits.maxBytes && kept.sizes.size <= maxEntries) break;
      kept.sizes.delete(key);
      kept.bytes -= bytes;
      values.delete(key);
      evicted.push(key);
      kept.version = ++this.version;
    }
    return evicted;
  }

  private counterName(namespace: string, name: string): string {
    check.namespace(namespace);
    check.name('counter', name);
    return `${namespace}\ncounter\n${name}`;
  }

  private bump(counter: string): number {
    const next = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, next);
    return next;
  }
}

/** The lock a schedule's member is claimed under (locks and schedules share the namespace's lock space). */
const scheduleLock = (schedule: string, member: string) => `schedule\n${schedule}\n${member}`;
