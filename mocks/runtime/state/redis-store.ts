import { randomUUID } from 'node:crypto';
import Redis, { MaxRetriesPerRequestError, ReplyError } from 'ioredis';
import { parseStateUrl } from './state-url';
import {
  ANY_VERSION,
  check,
  NO_READS,
  StateUnavailable,
  claimToken,
  lockOwner,
  type BeginRead,
  type BeginReads,
  type CommitResult,
  type LoadedEntries,
  type LoadedMap,
  type MapBudgets,
  type ReadSet,
  type ScheduleClaim,
  type ScheduledEntry,
  type StateStore,
  type StoreSnapshot,
  type StoredOrClaim,
  type StateWrite,
  type StreamEntry,
  type StreamLimits,
  type StreamValue,
  type VersionedValue,
} from './store';

/**
 * Keys: `<prefix>:{<namespace>}:...`. The namespace in braces is a Redis Cluster hash tag: all of a
 * namespace's keys share a slot, so one script may touch any of them. Under it:
 * - `d:kv:<key>`: a hash `{v: value, n: version}`; `d:lock:<name>`: a lock's token; `d:stream:<name>`,
 *   `d:stream:<name>:bytes` and `d:stream:<name>:sizes`: a capped stream, the bytes its values hold and each
 *   value's bytes (see APPEND);
 * - `m:<map>:order|meta`: a budgeted map's accounting (see MAPS);
 * - `index`: every `d:` and `m:` key, scored by when it expires (real time, +inf for never): what `clear` deletes,
 *   and what a write of an expiring key prunes of keys Redis has expired (PRUNE);
 * - `seq`: counters, stream ids and the version counter, kept by `clear` so nothing is numbered twice.
 */
const TIME_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Keys Redis has expired leave the index (KEYS[1]) where expiring keys enter it: the scripts that add one
 * (`now` from TIME_MS), so the index holds at most the keys live or expired since the last such write.
 */
const PRUNE = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`;

/**
 * A budgeted map's accounting, under `<base>m:<map>:`: `order` (a ZSET of its keys, scored by the version that
 * first wrote each: insertion order) and `meta` (a hash: `bytes`, the sum of its values' bytes, each value's own
 * read off its hash with HSTRLEN; `version`, moved on every write, deletion and eviction of one of its keys, from
 * the namespace's version counter). Both enter the index when the map's bytes leave 0 (after a `clear`, say).
 * `unaccount` forgets a key of a map (before the key is deleted) and moves the map's version on.
 */
const MAPS = `
local function mapKey(base, map, part) return base .. 'm:' .. map .. ':' .. part end
local function addBytes(base, index, map, delta)
  local meta = mapKey(base, map, 'meta')
  local bytes = redis.call('HINCRBY', meta, 'bytes', delta)
  if bytes == delta then redis.call('ZADD', index, '+inf', meta, '+inf', mapKey(base, map, 'order')) end
  return bytes
end
local function unaccount(base, index, key, map)
  addBytes(base, index, map, -redis.call('HSTRLEN', key, 'v'))
  redis.call('ZREM', mapKey(base, map, 'order'), key)
  redis.call('HSET', mapKey(base, map, 'meta'), 'version', redis.call('HINCRBY', base .. 'seq', 'version', 1))
end`;

/**
 * KEYS: index, seq, the written keys, then the keys read. ARGV: the namespace's key base, the number of budgets,
 * each budget (map, max bytes, max entries), the number of writes, per write: expected version (-1 any), 's' or
 * 'd', value, ttl, map ('' none); then each key read's version, the number of maps read and each (map, version).
 * Returns {0} when a version moved, else {1, evicted keys...}. Versions are taken from the namespace's counter
 * (read once, written back once); each map written or evicted from gets one new version at the end.
 */
const COMMIT = `
${MAPS}
local base, mapCount = ARGV[1], tonumber(ARGV[2])
local limits, a = {}, 3
for _ = 1, mapCount do
  limits[#limits + 1] = { ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]) }
  a = a + 3
end
local n = tonumber(ARGV[a])
a = a + 1
local found = {}
for i = 1, n do
  local expected = tonumber(ARGV[a + (i - 1) * 5])
  found[i] = redis.call('HMGET', KEYS[i + 2], 'n', 'm')
  if expected ~= -1 and expected ~= tonumber(found[i][1] or '0') then return { 0 } end
end
local r = a + n * 5
for i = n + 3, #KEYS do
  if tonumber(ARGV[r]) ~= tonumber(redis.call('HGET', KEYS[i], 'n') or '0') then return { 0 } end
  r = r + 1
end
for _ = 1, tonumber(ARGV[r]) do
  if tonumber(ARGV[r + 2]) ~= tonumber(redis.call('HGET', mapKey(base, ARGV[r + 1], 'meta'), 'version') or '0') then
    return { 0 }
  end
  r = r + 2
end
local version = tonumber(redis.call('HGET', KEYS[2], 'version') or '0')
local touched, now = {}, nil
local function forget(key, map)
  addBytes(base, KEYS[1], map, -redis.call('HSTRLEN', key, 'v'))
  redis.call('ZREM', mapKey(base, map, 'order'), key)
  touched[map] = true
end
for i = 1, n do
  local key, w = KEYS[i + 2], a + (i - 1) * 5
  local op, value, ttl, map = ARGV[w + 1], ARGV[w + 2], tonumber(ARGV[w + 3]), ARGV[w + 4]
  local exists, previousMap = found[i][1], found[i][2]
  local delta = string.len(value)
  if previousMap and previousMap == map and op ~= 'd' then
    delta = delta - redis.call('HSTRLEN', key, 'v')
  elseif previousMap then
    forget(key, previousMap)
  end
  -- The old hash goes whole: its fields and its TTL.
  if exists then redis.call('DEL', key) end
  if op == 'd' then
    redis.call('ZREM', KEYS[1], key)
  else
    version = version + 1
    if map == '' then redis.call('HSET', key, 'v', value, 'n', version) else redis.call('HSET', key, 'v', value, 'n', version, 'm', map) end
    if ttl > 0 then
      if not now then
        local t = redis.call('TIME')
        now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        ${PRUNE}
      end
      redis.call('PEXPIRE', key, ttl)
      redis.call('ZADD', KEYS[1], now + ttl, key)
    else
      redis.call('ZADD', KEYS[1], '+inf', key)
    end
    if map ~= '' then
      redis.call('ZADD', mapKey(base, map, 'order'), 'NX', version, key)
      addBytes(base, KEYS[1], map, delta)
      touched[map] = true
    end
  end
end
local evicted = { 1 }
for _, limit in ipairs(limits) do
  local map, maxBytes, maxEntries = limit[1], limit[2], limit[3]
  local order = mapKey(base, map, 'order')
  local count = redis.call('ZCARD', order)
  local bytes = tonumber(redis.call('HGET', mapKey(base, map, 'meta'), 'bytes') or '0')
  while count > 0 and (bytes > maxBytes or count > maxEntries) do
    local oldest = redis.call('ZPOPMIN', order)[1]
    bytes = addBytes(base, KEYS[1], map, -redis.call('HSTRLEN', oldest, 'v'))
    count = count - 1
    redis.call('DEL', oldest)
    redis.call('ZREM', KEYS[1], oldest)
    touched[map] = true
    evicted[#evicted + 1] = oldest
  end
end
for map in pairs(touched) do
  version = version + 1
  redis.call('HSET', mapKey(base, map, 'meta'), 'version', version)
end
redis.call('HSET', KEYS[2], 'version', version)
return evicted
`;

/**
 * The read scripts' parts: `readKey` adds a key's value (false when absent) and version to the reply, `readMap` a
 * map's version, its key count and per key (oldest first) the key, its value and its version.
 */
const READS = `
${MAPS}
local function readKey(reply, key)
  local found = redis.call('HMGET', key, 'v', 'n')
  reply[#reply + 1] = found[1]
  reply[#reply + 1] = tonumber(found[2] or '0')
end
local function readMap(reply, base, map)
  local keys = redis.call('ZRANGE', mapKey(base, map, 'order'), 0, -1)
  reply[#reply + 1] = tonumber(redis.call('HGET', mapKey(base, map, 'meta'), 'version') or '0')
  reply[#reply + 1] = #keys
  for _, key in ipairs(keys) do
    reply[#reply + 1] = key
    readKey(reply, key)
  end
end`;

/** KEYS: the keys asked for. ARGV: the namespace's key base, then the maps asked for. Returns each read in turn. */
const LOAD = `
${READS}
local loaded = {}
for _, key in ipairs(KEYS) do readKey(loaded, key) end
for m = 2, #ARGV do readMap(loaded, ARGV[1], ARGV[m]) end
return loaded`;

/** A key's value and version as a read script returns them at `at` (value false, null here, when absent). */
function versionedAt(reply: readonly (string | number | null)[], at: number): VersionedValue | undefined {
  const value = reply[at] as string | null;
  return value === null ? undefined : { value, version: reply[at + 1] as number };
}

/** What a read script's reply holds from `at` on of `keys` and `maps` (LOAD's layout), and where it ends. */
function loadedAt(
  reply: readonly (string | number | null)[],
  from: number,
  keys: readonly string[],
  maps: readonly string[],
  kvBase: string,
): { readonly loaded: LoadedEntries; readonly at: number } {
  const entries = new Map<string, VersionedValue | undefined>();
  let at = from;
  const read = (key: string) => {
    entries.set(key, versionedAt(reply, at));
    at += 2;
  };
  for (const key of keys) read(key);
  const loadedMaps = new Map<string, LoadedMap>();
  for (const map of maps) {
    const version = reply[at] as number;
    const count = reply[at + 1] as number;
    at += 2;
    const mapKeys: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const key = (reply[at] as string).slice(kvBase.length);
      at += 1;
      mapKeys.push(key);
      read(key);
    }
    loadedMaps.set(map, { version, keys: mapKeys });
  }
  return { loaded: { entries, maps: loadedMaps }, at };
}

/**
 * KEYS: the namespace's sequences, the keys loaded, then the control keys. ARGV: the namespace's key base, the
 * number of keys loaded, the number of maps, the maps, the counter to reserve from ('' none), the counters read.
 * Returns LOAD's reply, then per control key its value and version, per counter its value, Redis's time (ms)
 * and the reserved value (when one was asked for).
 */
const BEGIN = `
${READS}
local base, keyCount, mapCount = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local read = {}
for k = 2, keyCount + 1 do readKey(read, KEYS[k]) end
for m = 4, mapCount + 3 do readMap(read, base, ARGV[m]) end
for k = keyCount + 2, #KEYS do readKey(read, KEYS[k]) end
for c = mapCount + 5, #ARGV do read[#read + 1] = tonumber(redis.call('HGET', KEYS[1], ARGV[c]) or '0') end
${TIME_MS}
read[#read + 1] = now
local reserve = ARGV[mapCount + 4]
if reserve ~= '' then read[#read + 1] = redis.call('HINCRBY', KEYS[1], reserve, 1) end
return read`;

/** KEYS: index, key. ARGV: the namespace's key base. */
const DELETE = `
${MAPS}
local map = redis.call('HGET', KEYS[2], 'm')
if map then unaccount(ARGV[1], KEYS[1], KEYS[2], map) end
redis.call('ZREM', KEYS[1], KEYS[2])
return redis.call('DEL', KEYS[2])`;

/** KEYS: index, lock. ARGV: token, lease (ms). */
const ACQUIRE = `
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
${TIME_MS}
${PRUNE}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), KEYS[2])
return 1`;

/** KEYS: index, lock. ARGV: token. */
const RELEASE = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], KEYS[2])
return 1`;

/**
 * KEYS: index, seq, stream, bytes, sizes. ARGV: max entries, max bytes, sequence field, then the values. Returns
 * the last value's id (the values' ids are consecutive). `sizes` is a list of the stream's values' bytes, oldest
 * first: what the oldest entries free is popped off it, and the stream trimmed to its newest, with no value read
 * back. The oldest past the count go in one step; then, while the bytes are over, one at a time (the newest entry
 * always stays).
 */
const APPEND = `
local count = #ARGV - 3
local last = redis.call('HINCRBY', KEYS[2], ARGV[3], count)
local added, sizes = 0, {}
for i = 1, count do
  local value = ARGV[i + 3]
  redis.call('XADD', KEYS[3], '*', 'id', last - count + i, 'v', value)
  sizes[i] = string.len(value)
  added = added + sizes[i]
end
redis.call('RPUSH', KEYS[5], unpack(sizes))
local bytes = redis.call('INCRBY', KEYS[4], added)
local length = redis.call('XLEN', KEYS[3])
-- A stream new (or emptied by a clear) is registered with its accounting; one that had entries already is.
if length == count then redis.call('ZADD', KEYS[1], '+inf', KEYS[3], '+inf', KEYS[4], '+inf', KEYS[5]) end
local maxEntries, maxBytes = tonumber(ARGV[1]), tonumber(ARGV[2])
local kept, freed = length, 0
-- Pops the sizes of the n oldest; false when the list had none (it never lags the stream: a guard, not a case).
local function drop(n)
  local popped = redis.call('LPOP', KEYS[5], n)
  if not popped then return false end
  for _, size in ipairs(popped) do
    freed = freed + tonumber(size)
    kept = kept - 1
  end
  return true
end
if kept > maxEntries then drop(kept - maxEntries) end
while kept > 1 and bytes - freed > maxBytes and drop(1) do end
if kept < length then
  redis.call('XTRIM', KEYS[3], 'MAXLEN', kept)
  bytes = redis.call('DECRBY', KEYS[4], freed)
end
return last`;

/** KEYS: index. Every key of the namespace but its sequences, in one step. */
const CLEAR = `
local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
for _, key in ipairs(keys) do redis.call('DEL', key) end
redis.call('DEL', KEYS[1])
return #keys`;

/**
 * KEYS: index, record (a kv hash), lock. ARGV: the namespace's key base, now (the caller's clock), token, lease.
 * The record's value starts with its expiry (`expiringRecord`). Returns {'stored', value, version},
 * {'held', token} or {'claimed', token}.
 */
const CLAIM_UNLESS_STORED = `
${MAPS}
local value, version = unpack(redis.call('HMGET', KEYS[2], 'v', 'n'))
if value then
  if (tonumber(string.match(value, '^(%-?%d+) ')) or -math.huge) > tonumber(ARGV[2]) then return { 'stored', value, version } end
  local map = redis.call('HGET', KEYS[2], 'm')
  if map then unaccount(ARGV[1], KEYS[1], KEYS[2], map) end
  redis.call('DEL', KEYS[2])
  redis.call('ZREM', KEYS[1], KEYS[2])
end
local held = redis.call('GET', KEYS[3])
if held then return { 'held', held } end
redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
${TIME_MS}
${PRUNE}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), KEYS[3])
return { 'claimed', ARGV[3] }`;

/** KEYS: seq. ARGV: the counter's field, the most it may reach. Returns the new value, or -1 at the most. */
const INCREMENT_UP_TO = `
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') >= tonumber(ARGV[2]) then return -1 end
return redis.call('HINCRBY', KEYS[1], ARGV[1], 1)`;

/**
 * A leased schedule, under \`<base>d:sched:<name>:\`: \`items\` (a hash of each member's value), \`due\` (a ZSET
 * of the members due, by due time), \`order\` (a ZSET of all members by insertion), and \`claim:<member>\`
 * (the lease's token, expiring with it).
 * KEYS: index, seq, items, due, order. ARGV: the schedule's claim key base, member, value, due time ('' when
 * not due), max entries. Returns the members dropped.
 */
const SCHEDULE_ADD = `
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
if ARGV[4] == '' then redis.call('ZREM', KEYS[4], ARGV[2]) else redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2]) end
if not redis.call('ZSCORE', KEYS[5], ARGV[2]) then
  redis.call('ZADD', KEYS[5], redis.call('HINCRBY', KEYS[2], 'order', 1), ARGV[2])
end
redis.call('ZADD', KEYS[1], '+inf', KEYS[3], '+inf', KEYS[4], '+inf', KEYS[5])
local dropped = {}
while redis.call('ZCARD', KEYS[5]) > tonumber(ARGV[5]) do
  local members = redis.call('ZRANGE', KEYS[5], 0, -1)
  local victim = members[1]
  for _, member in ipairs(members) do
    if not redis.call('ZSCORE', KEYS[4], member) then victim = member break end
  end
  redis.call('HDEL', KEYS[3], victim)
  redis.call('ZREM', KEYS[4], victim)
  redis.call('ZREM', KEYS[5], victim)
  redis.call('DEL', ARGV[1] .. victim)
  dropped[#dropped + 1] = victim
end
return dropped`;

/**
 * KEYS: index, items, due. ARGV: the claim key base, now (the caller's clock), token, lease. Returns
 * {member, value} of the member claimed, or nothing.
 */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[2])
for _, member in ipairs(due) do
  local claim = ARGV[1] .. member
  if redis.call('SET', claim, ARGV[3], 'NX', 'PX', ARGV[4]) then
    ${TIME_MS}
    ${PRUNE}
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), claim)
    return { member, redis.call('HGET', KEYS[2], member) }
  end
end
return false`;

/**
 * KEYS: index, items, due, claim. ARGV: member, token, value, next due time ('' when no longer due).
 * Returns 1 when recorded, 0 when the token no longer holds the lease.
 */
const SETTLE_CLAIM = `
if redis.call('GET', KEYS[4]) ~= ARGV[2] or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
if ARGV[4] == '' then redis.call('ZREM', KEYS[3], ARGV[1]) else redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1]) end
redis.call('DEL', KEYS[4])
redis.call('ZREM', KEYS[1], KEYS[4])
return 1`;

interface Scripts {
  psCommit(...args: (string | Buffer | number)[]): Promise<[number, ...string[]]>;
  psLoad(...args: (string | number)[]): Promise<(string | number | null)[]>;
  psBegin(...args: (string | number)[]): Promise<(string | number | null)[]>;
  psDelete(index: string, key: string, base: string): Promise<number>;
  psAcquire(index: string, lock: string, token: string, leaseMs: number): Promise<number>;
  psRelease(index: string, lock: string, token: string): Promise<number>;
  psAppend(...args: (StreamValue | number)[]): Promise<number>;
  psClear(index: string): Promise<number>;
  psClaimUnlessStored(...args: (string | number)[]): Promise<[string, string, string?]>;
  psIncrementUpTo(seq: string, field: string, max: number): Promise<number>;
  psScheduleAdd(...args: (string | number)[]): Promise<string[]>;
  psClaimDue(...args: (string | number)[]): Promise<[string, string] | null>;
  psSettleClaim(...args: (string | number)[]): Promise<number>;
}

export interface RedisStoreOptions {
  /** Prefix of every key (default `partner-sandbox`): sandboxes sharing one Redis database each take their own. */
  readonly keyPrefix?: string;
  /** How long connecting may take, and each command (default 2 000 ms each). */
  readonly connectTimeoutMs?: number;
  readonly commandTimeoutMs?: number;
}

/** A limit as Lua reads it: Infinity (no limit) as the largest exact integer. */
const bounded = (limit: number) => (Number.isFinite(limit) ? limit : Number.MAX_SAFE_INTEGER);

/** Reconnection after a lost connection: soon at first, then every half second at most. */
const reconnectDelay = (attempt: number) => Math.min(attempt * 20, 500);

/** Replies that say Redis is there but cannot serve now: the store is unavailable, not the script wrong. */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|OOM|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS)\b/;

/**
 * The state store in Redis, through ioredis. Every write is one Lua script (atomic: applied entirely or not
 * at all). Commands are never queued while disconnected nor re-sent after a reconnect (a command whose answer
 * was lost is reported, not silently repeated): they fail at once with `StateUnavailable`, and the client
 * reconnects by itself.
 */
export class RedisStateStore implements StateStore {
  readonly kind = 'redis';
  private readonly scripts: Scripts;

  private constructor(
    /** The ioredis client: its `ready` event says the store is back after a loss. */
    readonly client: Redis,
    private readonly prefix: string,
    private readonly shownUrl: string,
  ) {
    this.scripts = client as unknown as Scripts;
  }

  /**
   * Connects to the Redis the URL names; rejects with `StateUnavailable` naming the URL (password redacted)
   * and the error when it cannot be reached. Once connected, a lost connection is retried for ever.
   */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisStateStore> {
    const location = parseStateUrl(url);
    if (location.kind !== 'redis') throw new RangeError('RedisStateStore needs a redis:// URL');
    let connected = false;
    let lastError: Error | undefined;
    const client = new Redis({
      host: location.host,
      port: location.port,
      db: location.db,
      username: location.username,
      password: location.password,
      ...(location.tls ? { tls: {} } : {}),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectTimeout: options.connectTimeoutMs ?? 2000,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      // Not reachable at start: fail at once (the CLI exits 2). Lost later: come back by itself.
      retryStrategy: (attempt) => (connected ? reconnectDelay(attempt) : null),
      scripts: {
        psCommit: { lua: COMMIT },
        psLoad: { lua: LOAD },
        psBegin: { lua: BEGIN },
        psDelete: { lua: DELETE, numberOfKeys: 2 },
        psAcquire: { lua: ACQUIRE, numberOfKeys: 2 },
        psRelease: { lua: RELEASE, numberOfKeys: 2 },
        psAppend: { lua: APPEND, numberOfKeys: 5 },
        psClear: { lua: CLEAR, numberOfKeys: 1 },
        psClaimUnlessStored: { lua: CLAIM_UNLESS_STORED, numberOfKeys: 3 },
        psIncrementUpTo: { lua: INCREMENT_UP_TO, numberOfKeys: 1 },
        psScheduleAdd: { lua: SCHEDULE_ADD, numberOfKeys: 5 },
        psClaimDue: { lua: CLAIM_DUE, numberOfKeys: 3 },
        psSettleClaim: { lua: SETTLE_CLAIM, numberOfKeys: 4 },
      },
    });
    // Errors are answered per operation; an 'error' event without a listener would be printed by ioredis.
    client.on('error', (error: Error) => (lastError = error));
    const connectTimeoutMs = options.connectTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
    });
    try {
      await Promise.race([client.connect(), timedOut]);
    } catch (error) {
      // Once ended, disconnecting again would keep a 2 s timer on the closed socket (and the CLI waiting).
      if (client.status !== 'end') client.disconnect();
      const cause = lastError ?? (error as Error);
      throw new StateUnavailable(`cannot reach Redis at ${location.shown}: ${cause.message}`);
    } finally {
      clearTimeout(timer);
    }
    connected = true;
    return new RedisStateStore(client, options.keyPrefix ?? 'partner-sandbox', location.shown);
  }

  async get(namespace: string, key: string): Promise<VersionedValue | undefined> {
    check.name('key', key);
    const kvKey = this.key(namespace, `d:kv:${key}`);
    const [value, version] = await this.run(() => this.client.hmget(kvKey, 'v', 'n'));
    return value === null || value === undefined ? undefined : { value, version: Number(version) };
  }

  async set(namespace: string, key: string, value: string, options: { ttlMs?: number } = {}): Promise<void> {
    await this.commit(namespace, [{ key, value, expectedVersion: ANY_VERSION, ...options }]);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    check.name('key', key);
    const index = this.key(namespace, 'index');
    const kvKey = this.key(namespace, `d:kv:${key}`);
    const base = this.key(namespace, '');
    return (await this.run(() => this.scripts.psDelete(index, kvKey, base))) === 1;
  }

  async ttlMs(namespace: string, key: string): Promise<number | undefined> {
    check.name('key', key);
    const kvKey = this.key(namespace, `d:kv:${key}`);
    const left = await this.run(() => this.client.pttl(kvKey));
    return left < 0 ? undefined : left;
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
    for (const key of keys) check.name('key', key);
    for (const map of maps) check.name('map', map);
    const kvBase = this.key(namespace, 'd:kv:');
    const base = this.key(namespace, '');
    const kvKeys = keys.map((key) => kvBase + key);
    const loaded = await this.run(() => this.scripts.psLoad(kvKeys.length, ...kvKeys, base, ...maps));
    return loadedAt(loaded, 0, keys, maps, kvBase).loaded;
  }

  async commitIfUnchanged(
    namespace: string,
    reads: ReadSet,
    writes: readonly StateWrite[],
    budgets: MapBudgets = {},
  ): Promise<CommitResult> {
    const index = this.key(namespace, 'index');
    check.writes(writes, budgets);
    check.reads(reads);
    const kvBase = this.key(namespace, 'd:kv:');
    const keys = [...writes, ...reads.keys].map((entry) => kvBase + entry.key);
    const limits = Object.entries(budgets).flatMap(([map, { maxBytes, maxEntries }]) => [
      map,
      bounded(maxBytes),
      bounded(maxEntries ?? Infinity),
    ]);
    // Values as their UTF-8 bytes: the client writes bytes as they are, where text beyond ASCII (a price's
    // "£") would be scanned for its length and encoded again on the way to the socket.
    const args = writes.flatMap((write) => [
      write.expectedVersion,
      write.value === undefined ? 'd' : 's',
      write.value === undefined ? '' : Buffer.from(write.value),
      write.ttlMs ?? 0,
      write.map ?? '',
    ]);
    const readArgs = [
      ...reads.keys.map((read) => read.version),
      reads.maps.length,
      ...reads.maps.flatMap((read) => [read.map, read.version]),
    ];
    const seq = this.key(namespace, 'seq');
    const base = this.key(namespace, '');
    const [applied, ...evicted] = await this.run(() =>
      this.scripts.psCommit(
        keys.length + 2,
        index,
        seq,
        ...keys,
        base,
        limits.length / 3,
        ...limits,
        writes.length,
        ...args,
        ...readArgs,
      ),
    );
    if (applied !== 1) return { applied: false };
    return { applied: true, evicted: evicted.map((key) => key.slice(kvBase.length)) };
  }

  async mapKeys(namespace: string, map: string): Promise<string[]> {
    check.name('map', map);
    const kvBase = this.key(namespace, 'd:kv:');
    const order = this.key(namespace, `m:${map}:order`);
    const keys = await this.run(() => this.client.zrange(order, 0, -1));
    return keys.map((key) => key.slice(kvBase.length));
  }

  async mapBytes(namespace: string, map: string): Promise<number> {
    check.name('map', map);
    const meta = this.key(namespace, `m:${map}:meta`);
    return Number((await this.run(() => this.client.hget(meta, 'bytes'))) ?? 0);
  }

  async acquireLock(namespace: string, name: string, leaseMs: number): Promise<string | undefined> {
    check.name('lock', name);
    check.ttl('leaseMs', leaseMs, true);
    const token = randomUUID();
    const index = this.key(namespace, 'index');
    const lock = this.key(namespace, `d:lock:${name}`);
    return (await this.run(() => this.scripts.psAcquire(index, lock, token, leaseMs))) === 1
      ? token
      : undefined;
  }

  async releaseLock(namespace: string, name: string, token: string): Promise<boolean> {
    check.name('lock', name);
    const index = this.key(namespace, 'index');
    const lock = this.key(namespace, `d:lock:${name}`);
    return (await this.run(() => this.scripts.psRelease(index, lock, token))) === 1;
  }

  async increment(namespace: string, name: string): Promise<number> {
    check.name('counter', name);
    const seq = this.key(namespace, 'seq');
    return this.run(() => this.client.hincrby(seq, `counter:${name}`, 1));
  }

  async append(
    namespace: string,
    stream: string,
    values: readonly StreamValue[],
    limits: StreamLimits,
  ): Promise<number[]> {
    check.append(stream, values, limits);
    const streamKey = this.key(namespace, `d:stream:${stream}`);
    const keys = [
      this.key(namespace, 'index'),
      this.key(namespace, 'seq'),
      streamKey,
      `${streamKey}:bytes`,
      `${streamKey}:sizes`,
    ];
    const args = [limits.maxEntries, limits.maxBytes, `stream:${stream}`, ...values];
    const last = await this.run(() => this.scripts.psAppend(...keys, ...args));
    return values.map((_, i) => last - values.length + 1 + i);
  }

  async entries(namespace: string, stream: string, afterId = 0): Promise<StreamEntry[]> {
    check.name('stream', stream);
    const streamKey = this.key(namespace, `d:stream:${stream}`);
    const kept = await this.run(() => this.client.xrange(streamKey, '-', '+'));
    const entries: StreamEntry[] = [];
    for (const [, fields] of kept) {
      const id = Number(fields[1]);
      if (id > afterId) entries.push({ id, value: fields[3] as string });
    }
    return entries;
  }

  async streamBytes(namespace: string, stream: string): Promise<number> {
    check.name('stream', stream);
    const bytesKey = this.key(namespace, `d:stream:${stream}:bytes`);
    const bytes = await this.run(() => this.client.get(bytesKey));
    return Number(bytes ?? 0);
  }

  async time(): Promise<number> {
    const [seconds, micros] = await this.run(() => this.client.time());
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async claimUnlessStored(
    namespace: string,
    key: string,
    lock: string,
    claim: { nowMs: number; leaseMs: number; owner: string },
  ): Promise<StoredOrClaim> {
    check.name('key', key);
    check.name('lock', lock);
    check.claim(claim);
    const keys = [
      this.key(namespace, 'index'),
      this.key(namespace, `d:kv:${key}`),
      this.key(namespace, `d:lock:${lock}`),
    ];
    const args = [this.key(namespace, ''), claim.nowMs, claimToken(claim.owner), claim.leaseMs];
    const [kind, value, version] = await this.run(() => this.scripts.psClaimUnlessStored(...keys, ...args));
    if (kind === 'stored') return { kind, value, version: Number(version) };
    return kind === 'held' ? { kind, owner: lockOwner(value) } : { kind: 'claimed', token: value };
  }

  async incrementUpTo(namespace: string, name: string, max: number): Promise<number | undefined> {
    check.name('counter', name);
    const seq = this.key(namespace, 'seq');
    const value = await this.run(() => this.scripts.psIncrementUpTo(seq, `counter:${name}`, bounded(max)));
    return value === -1 ? undefined : value;
  }

  async counterValue(namespace: string, name: string): Promise<number> {
    check.name('counter', name);
    const seq = this.key(namespace, 'seq');
    return Number((await this.run(() => this.client.hget(seq, `counter:${name}`))) ?? 0);
  }

  async readSnapshot(
    namespace: string,
    keys: readonly string[],
    counters: readonly string[],
  ): Promise<StoreSnapshot> {
    return (await this.begin(namespace, [], [], { keys, counters, reserve: undefined })).snapshot;
  }

  async begin(
    namespace: string,
    keys: readonly string[],
    maps: readonly string[],
    reads: BeginReads,
  ): Promise<BeginRead> {
    check.begin(keys, maps, reads);
    const kvBase = this.key(namespace, 'd:kv:');
    const kvKeys = [...keys, ...reads.keys].map((key) => kvBase + key);
    const fields = reads.counters.map((name) => `counter:${name}`);
    const reserve = reads.reserve === undefined ? '' : `counter:${reads.reserve}`;
    const args = [this.key(namespace, ''), keys.length, maps.length, ...maps, reserve, ...fields];
    const seq = this.key(namespace, 'seq');
    const read = await this.run(() => this.scripts.psBegin(kvKeys.length + 1, seq, ...kvKeys, ...args));
    const { loaded, at: controlAt } = loadedAt(read, 0, keys, maps, kvBase);
    let at = controlAt;
    const entries = new Map<string, VersionedValue | undefined>();
    for (const key of reads.keys) {
      entries.set(key, versionedAt(read, at));
      at += 2;
    }
    const values = new Map<string, number>();
    for (const name of reads.counters) values.set(name, read[at++] as number);
    const snapshot = { entries, counters: values, timeMs: read[at++] as number };
    return { loaded, snapshot, reserved: reads.reserve === undefined ? undefined : (read[at] as number) };
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
    const { items, due, order, claims } = this.scheduleKeys(namespace, schedule);
    const keys = [this.key(namespace, 'index'), this.key(namespace, 'seq'), items, due, order];
    const args = [claims, entry.member, entry.value, entry.dueAtMs ?? '', maxEntries];
    return this.run(() => this.scripts.psScheduleAdd(...keys, ...args));
  }

  async claimDue(
    namespace: string,
    schedule: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<ScheduleClaim | undefined> {
    check.due('nowMs', nowMs);
    check.ttl('leaseMs', leaseMs, true);
    const { items, due, claims } = this.scheduleKeys(namespace, schedule);
    const token = randomUUID();
    const keys = [this.key(namespace, 'index'), items, due];
    const claimed = await this.run(() => this.scripts.psClaimDue(...keys, claims, nowMs, token, leaseMs));
    return claimed ? { member: claimed[0], value: claimed[1], token } : undefined;
  }

  async settleClaim(
    namespace: string,
    schedule: string,
    claim: { member: string; token: string },
    outcome: { value: string; nextDueAtMs: number | undefined },
  ): Promise<boolean> {
    check.due('nextDueAtMs', outcome.nextDueAtMs);
    const { items, due, claims } = this.scheduleKeys(namespace, schedule);
    const keys = [this.key(namespace, 'index'), items, due, `${claims}${claim.member}`];
    const args = [claim.member, claim.token, outcome.value, outcome.nextDueAtMs ?? ''];
    return (await this.run(() => this.scripts.psSettleClaim(...keys, ...args))) === 1;
  }

  async scheduleEntries(namespace: string, schedule: string): Promise<ScheduledEntry[]> {
    const { items, due, order } = this.scheduleKeys(namespace, schedule);
    const [members, values, dues] = await this.run(async () => {
      const ordered = await this.client.zrange(order, 0, -1);
      if (ordered.length === 0) return [[], [], []] as const;
      const [kept, scores] = await Promise.all([
        this.client.hmget(items, ...ordered),
        this.client.zmscore(due, ...ordered),
      ]);
      return [ordered, kept, scores] as const;
    });
    // A read of three commands: a member dropped between them has no value any more and is left out.
    return members.flatMap((member, i) => {
      const value = values[i];
      const due = dues[i];
      if (value === null || value === undefined) return [];
      return [{ member, value, dueAtMs: due === null || due === undefined ? undefined : Number(due) }];
    });
  }

  async clear(namespace: string): Promise<void> {
    const index = this.key(namespace, 'index');
    await this.run(() => this.scripts.psClear(index));
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private scheduleKeys(namespace: string, schedule: string) {
    check.name('schedule', schedule);
    const base = this.key(namespace, `d:sched:${schedule}:`);
    return { items: `${base}items`, due: `${base}due`, order: `${base}order`, claims: `${base}claim:` };
  }

  private key(namespace: string, rest: string): string {
    check.namespace(namespace);
    return `${this.prefix}:{${namespace}}:${rest}`;
  }

  /**
   * Runs one command; a lost or refused connection becomes `StateUnavailable` (a script's own error stays).
   * A command sent before the connection went is failed by ioredis at the close with its retry-limit error
   * (`maxRetriesPerRequest: 0`); it says here what it means: the answer was lost, the write may have applied.
   */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof ReplyError && !UNAVAILABLE_REPLY.test((error as Error).message)) throw error;
      const cause =
        error instanceof MaxRetriesPerRequestError
          ? 'the connection to Redis was lost before it answered (a write may have applied)'
          : (error as Error).message;
      throw new StateUnavailable(`Redis at ${this.shownUrl} is unavailable: ${cause}`);
    }
  }
}
