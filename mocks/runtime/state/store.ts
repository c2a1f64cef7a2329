import { randomUUID } from 'node:crypto';
import type { BudgetLimits } from '../byte-budget';

/**
 * The state-store interface: what every piece of sandbox state that must be the same on every process is kept
 * in (docs/scale.md, "Design"). Two implementations answer it alike (store-contract.test.ts runs the same cases
 * against both): `MemoryStateStore`, one process's maps, and `RedisStateStore`, shared by every process that
 * names the same Redis.
 *
 * Everything lives in a namespace (`X-Sandbox-Namespace`), cleared as one. Values are strings: callers own
 * their encoding (JSON), so both stores charge the same bytes (UTF-8) for them.
 */

/** A value with the version it was written at: versions only grow within a store, across deletes and clears. */
export interface VersionedValue {
  readonly value: string;
  readonly version: number;
}

/** One write of an atomic `commit`. */
export interface StateWrite {
  readonly key: string;
  /**
   * The version the key must still have for the commit to apply: `ABSENT` when it must not exist,
   * `ANY_VERSION` for an unconditional write.
   */
  readonly expectedVersion: number;
  /** The new value; undefined deletes the key. */
  readonly value: string | undefined;
  /** Forgotten this many milliseconds (real time) after the write; none when absent or 0. */
  readonly ttlMs?: number;
  /**
   * The budgeted map the key belongs to (a `ByteBudgetMap` in the store): charged its value's UTF-8 bytes,
   * ordered by first insertion, evicted oldest first past the map's budget. Such a key takes no TTL.
   */
  readonly map?: string;
}

/** A commit's outcome: not applied (a version moved), or applied with the keys its budgets evicted. */
export type CommitResult =
  { readonly applied: false } | { readonly applied: true; readonly evicted: readonly string[] };

/** The budgets of the maps a commit writes to, by map name. */
export type MapBudgets = Readonly<Record<string, BudgetLimits>>;

/** A read set of nothing: `commitIfUnchanged` with it is `commit`. */
export const NO_READS: ReadSet = { keys: [], maps: [] };

/** `expectedVersion` of a key that must not exist. */
export const ABSENT = 0;
/** `expectedVersion` of an unconditional write. */
export const ANY_VERSION = -1;

/** The bounds of a capped stream: past either, the oldest entries go first (the newest is always kept). */
export interface StreamLimits {
  readonly maxEntries: number;
  /** UTF-8 bytes of the entries' values together. */
  readonly maxBytes: number;
}

/**
 * A value appended to a stream: text, or its UTF-8 bytes (what a caller that made them already, or that sends
 * much text beyond ASCII, passes: a Redis client writes bytes as they are, and text after scanning it twice).
 * Read back, it is text.
 */
export type StreamValue = string | Buffer;

export interface StreamEntry {
  /** Increasing within the namespace's stream, never reused (not even after a clear). */
  readonly id: number;
  readonly value: string;
}

/** What `readSnapshot` read, as of one moment. */
export interface StoreSnapshot {
  /** Each key asked for: its value and version, or undefined when absent. */
  readonly entries: ReadonlyMap<string, VersionedValue | undefined>;
  /** Each counter asked for: its value (0 before its first increment). */
  readonly counters: ReadonlyMap<string, number>;
  /** The store's clock then (ms). */
  readonly timeMs: number;
}

/**
 * What a request's view loaded in one step (`loadEntries`): each key asked for, and each budgeted map asked for
 * whole, as of one moment (docs/scale.md, "Begin").
 */
export interface LoadedEntries {
  /** Each key asked for and each key of a map asked for: its value and version, or undefined when absent. */
  readonly entries: ReadonlyMap<string, VersionedValue | undefined>;
  /** Each map asked for: its version (ABSENT until a key is first written to it, and again after a clear) and its keys, oldest first. */
  readonly maps: ReadonlyMap<string, LoadedMap>;
}

/**
 * What a request's begin step reads besides its state (`begin`): the namespace's control keys and counters, and
 * the counter it reserves an id from (the journal's).
 */
export interface BeginReads {
  readonly keys: readonly string[];
  readonly counters: readonly string[];
  /** Incremented by one in the same step; undefined: none. */
  readonly reserve: string | undefined;
}

/** What `begin` read, as of one moment: the state (as `loadEntries`), the control read (as `readSnapshot`), the id. */
export interface BeginRead {
  readonly loaded: LoadedEntries;
  readonly snapshot: StoreSnapshot;
  /** The reserved counter's new value; undefined when none was asked for. */
  readonly reserved: number | undefined;
}

export interface LoadedMap {
  /** Moves whenever any key of the map is written, deleted or evicted. */
  readonly version: number;
  readonly keys: readonly string[];
}

/**
 * What a view read without writing, checked by `commitIfUnchanged`: each key at the version it was read at
 * (ABSENT when it was absent), each budgeted map iterated at its map version.
 */
export interface ReadSet {
  readonly keys: readonly { readonly key: string; readonly version: number }[];
  readonly maps: readonly { readonly map: string; readonly version: number }[];
}

/**
 * What `claimUnlessStored` found: the record stored under the key and unexpired, the owner of the lease
 * another holds on it, or the lease now taken (release it with `releaseLock(lock, token)`).
 */
export type StoredOrClaim =
  | { readonly kind: 'stored'; readonly value: string; readonly version: number }
  | { readonly kind: 'held'; readonly owner: string }
  | { readonly kind: 'claimed'; readonly token: string };

/** One member of a leased schedule: its value, and when it is due (undefined once it is not). */
export interface ScheduledEntry {
  readonly member: string;
  readonly value: string;
  readonly dueAtMs: number | undefined;
}

/** A due member claimed for a lease: `settleClaim` with `token` records its outcome. */
export interface ScheduleClaim {
  readonly member: string;
  readonly value: string;
  readonly token: string;
}

export interface StateStore {
  readonly kind: 'memory' | 'redis';
  get(namespace: string, key: string): Promise<VersionedValue | undefined>;
  /** Writes unconditionally; `ttlMs` (real time) makes the key expire. */
  set(namespace: string, key: string, value: string, options?: { readonly ttlMs?: number }): Promise<void>;
  /** False when the key did not exist. */
  delete(namespace: string, key: string): Promise<boolean>;
  /** Milliseconds left before the key expires; undefined when it does not exist or never expires. */
  ttlMs(namespace: string, key: string): Promise<number | undefined>;
  /**
   * Applies every write or none: none when any key's version differs from its `expectedVersion` (the
   * optimistic read-decide-write: read, decide, commit with the versions read, retry when not applied). Then
   * each map in `budgets` is brought within its limits, oldest entries first (an entry bigger than the whole
   * budget is not kept), in the same atomic step.
   */
  commit(namespace: string, writes: readonly StateWrite[], budgets?: MapBudgets): Promise<CommitResult>;
  /**
   * Reads `keys` and the maps `maps` whole (their keys' values and the maps' versions) in one atomic step: one
   * round trip, one consistent snapshot.
   */
  loadEntries(namespace: string, keys: readonly string[], maps: readonly string[]): Promise<LoadedEntries>;
  /**
   * `commit`, applied only when, besides every write's expected version, every key of `reads` still has the
   * version read and every map of `reads` its map version: a view's whole read set checked, its writes
   * applied, in one atomic step.
   */
  commitIfUnchanged(
    namespace: string,
    reads: ReadSet,
    writes: readonly StateWrite[],
    budgets?: MapBudgets,
  ): Promise<CommitResult>;
  /** A budgeted map's keys, oldest first. */
  mapKeys(namespace: string, map: string): Promise<string[]>;
  /** The UTF-8 bytes a budgeted map's values hold together. */
  mapBytes(namespace: string, map: string): Promise<number>;
  /**
   * Takes the lock `name` for `leaseMs` (real time): a token to release it with, or undefined while another
   * holder's lease runs. A holder that dies loses the lock when its lease ends.
   */
  acquireLock(namespace: string, name: string, leaseMs: number): Promise<string | undefined>;
  /** Releases the lock if `token` still holds it; false when the lease had ended (or another holds it). */
  releaseLock(namespace: string, name: string, token: string): Promise<boolean>;
  /** Adds one and returns the new value; counters survive `clear` (ids stay unique across resets). */
  increment(namespace: string, name: string): Promise<number>;
  /**
   * Appends values, in order and in one step, to a capped stream, dropping the oldest entries past the limits
   * (the newest one always stays); returns each value's id.
   */
  append(
    namespace: string,
    stream: string,
    values: readonly StreamValue[],
    limits: StreamLimits,
  ): Promise<number[]>;
  /** The stream's entries with an id above `afterId` (default: all), oldest first. */
  entries(namespace: string, stream: string, afterId?: number): Promise<StreamEntry[]>;
  /** The UTF-8 bytes the stream's entries hold together. */
  streamBytes(namespace: string, stream: string): Promise<number>;
  /** The store's clock (real time, ms): Redis's `TIME`, so every process sharing the store reads the same. */
  time(): Promise<number>;
  /**
   * Idempotency's claim, in one atomic step: the record `key` when it is stored and unexpired at `nowMs` (the
   * caller's clock, the sandbox's: records are written with `expiringRecord`); an expired one is deleted; else
   * the `owner` of the lease another holds on `lock`; else the lease is taken for `owner` for `leaseMs` (real
   * time) and its token returned.
   */
  claimUnlessStored(
    namespace: string,
    key: string,
    lock: string,
    claim: { readonly nowMs: number; readonly leaseMs: number; readonly owner: string },
  ): Promise<StoredOrClaim>;
  /** Adds one unless the counter is already at `max`: the new value, or undefined when it was at `max`. */
  incrementUpTo(namespace: string, name: string, max: number): Promise<number | undefined>;
  /** A counter's value (0 before its first increment). */
  counterValue(namespace: string, name: string): Promise<number>;
  /**
   * Keys (as `get`), counters (as `counterValue`) and the store's time (as `time`) as of one moment, in one
   * step: a request's begin step reads the namespace's control state so.
   */
  readSnapshot(
    namespace: string,
    keys: readonly string[],
    counters: readonly string[],
  ): Promise<StoreSnapshot>;
  /**
   * A request's begin step in one atomic step (one round trip): `loadEntries` of `keys` and `maps`,
   * `readSnapshot` of `reads`' keys and counters, and `increment` of `reads.reserve`.
   */
  begin(
    namespace: string,
    keys: readonly string[],
    maps: readonly string[],
    reads: BeginReads,
  ): Promise<BeginRead>;
  /**
   * Adds `member` to a leased schedule, due at `dueAtMs` (the caller's clock; undefined: kept, not due), with
   * its value. Past `maxEntries` members the oldest one not due goes first, else the oldest; returns the
   * members dropped.
   */
  scheduleAdd(
    namespace: string,
    schedule: string,
    entry: { readonly member: string; readonly value: string; readonly dueAtMs: number | undefined },
    maxEntries: number,
  ): Promise<string[]>;
  /**
   * Claims the earliest member due by `nowMs` that no live lease holds, for `leaseMs` (real time): each due
   * attempt is claimed by one process; one that dies holding it loses it when the lease ends.
   */
  claimDue(
    namespace: string,
    schedule: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ScheduleClaim | undefined>;
  /**
   * Records a claimed member's outcome if `token` still holds its lease: its new value, due again at
   * `nextDueAtMs` or no longer due (undefined); the lease is released. False (nothing written) otherwise.
   */
  settleClaim(
    namespace: string,
    schedule: string,
    claim: Pick<ScheduleClaim, 'member' | 'token'>,
    outcome: { readonly value: string; readonly nextDueAtMs: number | undefined },
  ): Promise<boolean>;
  /** A schedule's members, oldest first. */
  scheduleEntries(namespace: string, schedule: string): Promise<ScheduledEntry[]>;
  /** Forgets the namespace's keys, locks and streams at once (counters and versions go on). */
  clear(namespace: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store could not be reached, or lost the connection while an operation ran. An operation that fails so
 * applied entirely or not at all (each is one Redis command or script); the caller answers 503 and the client
 * retries. Never carries the store's URL unredacted.
 */
export class StateUnavailable extends Error {
  override readonly name = 'StateUnavailable';
}

/**
 * A store namespace: 1 to 128 letters, digits, `.`, `_` or `-` (it becomes part of Redis keys). A provider keeps
 * each sandbox namespace (1 to 64 of those) apart under its own name, `xcover.NAME` (see `shared-state.ts`).
 */
const NAMESPACE = /^[A-Za-z0-9._-]{1,128}$/;
/** The longest key, lock, counter or stream name. */
export const MAX_NAME_LENGTH = 512;
/** The longest lease and TTL: a day. */
export const MAX_TTL_MS = 24 * 60 * 60 * 1000;

function checkNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace))
    throw new RangeError('a namespace is 1 to 128 letters, digits, ".", "_" or "-"');
}

function checkName(what: string, name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH)
    throw new RangeError(`a ${what} name is 1 to ${MAX_NAME_LENGTH} characters`);
}

function checkTtl(what: string, ms: number | undefined, required = false): void {
  if (ms === undefined && !required) return;
  if (!Number.isInteger(ms) || (ms as number) < (required ? 1 : 0) || (ms as number) > MAX_TTL_MS)
    throw new RangeError(`${what} must be an integer number of milliseconds up to ${MAX_TTL_MS}`);
}

function checkLimits(limits: StreamLimits): void {
  const { maxEntries, maxBytes } = limits;
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || !Number.isInteger(maxBytes) || maxBytes < 0)
    throw new RangeError('stream limits: maxEntries is an integer from 1, maxBytes an integer from 0');
}

/** At most this many values go to a stream in one `append` (a journal flushes larger batches in parts). */
export const MAX_APPEND_VALUES = 256;

/** An `append`'s arguments: the stream's name, its limits, and 1 to MAX_APPEND_VALUES values. */
function checkAppend(stream: string, values: readonly StreamValue[], limits: StreamLimits): void {
  checkName('stream', stream);
  checkLimits(limits);
  if (values.length === 0 || values.length > MAX_APPEND_VALUES)
    throw new RangeError(`an append takes 1 to ${MAX_APPEND_VALUES} values`);
}

function checkWrites(writes: readonly StateWrite[], budgets: MapBudgets = {}): void {
  for (const write of writes) {
    checkName('key', write.key);
    checkTtl('ttlMs', write.ttlMs);
    if (write.map !== undefined) checkName('map', write.map);
    if (write.map !== undefined && write.ttlMs) throw new RangeError('a key of a budgeted map takes no TTL');
    if (!Number.isInteger(write.expectedVersion) || write.expectedVersion < ANY_VERSION)
      throw new RangeError('expectedVersion is a version, ABSENT or ANY_VERSION');
  }
  if (new Set(writes.map((write) => write.key)).size !== writes.length)
    throw new RangeError('a commit writes each key once');
  for (const [map, { maxBytes, maxEntries }] of Object.entries(budgets)) {
    checkName('map', map);
    if (!(maxBytes >= 0) || !(maxEntries === undefined || maxEntries >= 1))
      throw new RangeError('a map budget: maxBytes from 0, maxEntries from 1');
  }
}

function checkReads(reads: ReadSet): void {
  for (const { key, version } of reads.keys) {
    checkName('key', key);
    if (!Number.isInteger(version) || version < 0)
      throw new RangeError('a read version is a version or ABSENT');
  }
  for (const { map, version } of reads.maps) {
    checkName('map', map);
    if (!Number.isInteger(version) || version < 0)
      throw new RangeError('a map version is a version or ABSENT');
  }
}

/**
 * A record `claimUnlessStored` reads: its expiry (the caller's clock, ms) before the payload, so the claim
 * decides in one step without parsing the payload.
 */
export function expiringRecord(expiresAtMs: number, payload: string): string {
  if (!Number.isSafeInteger(expiresAtMs)) throw new RangeError('expiresAtMs is an integer');
  return `${expiresAtMs} ${payload}`;
}

/** The payload and expiry of a record written by `expiringRecord`. */
export function readExpiringRecord(value: string): {
  readonly expiresAtMs: number;
  readonly payload: string;
} {
  const space = value.indexOf(' ');
  return { expiresAtMs: Number(value.slice(0, space)), payload: value.slice(space + 1) };
}

/** A claim's token, `<random> <owner>`: whoever finds the lease held learns its owner from it. */
export const claimToken = (owner: string): string => `${randomUUID()} ${owner}`;
export const lockOwner = (token: string): string => token.slice(token.indexOf(' ') + 1);

function checkClaim(claim: { nowMs: number; leaseMs: number; owner: string }): void {
  if (!Number.isSafeInteger(claim.nowMs)) throw new RangeError('nowMs is an integer');
  checkTtl('leaseMs', claim.leaseMs, true);
  checkName('owner', claim.owner);
}

function checkBegin(keys: readonly string[], maps: readonly string[], reads: BeginReads): void {
  for (const key of [...keys, ...reads.keys]) checkName('key', key);
  for (const map of maps) checkName('map', map);
  for (const name of reads.counters) checkName('counter', name);
  if (reads.reserve !== undefined) checkName('counter', reads.reserve);
}

function checkDue(what: string, ms: number | undefined): void {
  if (ms !== undefined && !Number.isSafeInteger(ms)) throw new RangeError(`${what} is an integer`);
}

/** The stores' argument checks: a bad name, TTL or limit is a RangeError before anything is sent or written. */
export const check = {
  namespace: checkNamespace,
  name: checkName,
  ttl: checkTtl,
  limits: checkLimits,
  append: checkAppend,
  writes: checkWrites,
  reads: checkReads,
  claim: checkClaim,
  begin: checkBegin,
  due: checkDue,
} as const;
