/**
 * The two state stores as tests run them: the in-memory store on a test clock, and the Redis store on a
 * redis-server the test file starts on its own port (one per file, never the machine's shared Redis). Time is
 * moved, never waited for: the memory store's clock moves; on Redis the keys whose TTL a move would span are
 * expired at once (PEXPIREAT in the past).
 */
import Redis from 'ioredis';
import { MemoryStateStore } from '../../mocks/runtime/state/memory-store';
import { RedisStateStore } from '../../mocks/runtime/state/redis-store';
import type { StateStore } from '../../mocks/runtime/state/store';
import { killLeftoverRedis, startTestRedis, type TestRedis } from './redis-server';

export type StoreKind = 'memory' | 'redis';
export const STORE_KINDS: readonly StoreKind[] = ['memory', 'redis'];

export interface StoreHarness {
  readonly store: StateStore;
  /** Another process's store on the same state (the same memory store; another Redis connection). */
  another(): Promise<StateStore>;
  /** Real time passes by `ms` as far as TTLs and leases go. */
  elapse(ms: number): Promise<void>;
  /** Closes every store the harness opened. */
  close(): Promise<void>;
}

/** A Redis store's harness, which also names the keys the store holds. */
export interface RedisStoreHarness extends StoreHarness {
  /** Every Redis key of the store, its prefix taken off, sorted. */
  keys(): Promise<string[]>;
}

/** The memory store's test clock starts here. */
export const MEMORY_START_MS = 1_000_000;

/**
 * Starts the file's redis-server in `beforeAll` and stops it in `afterAll`; `harness(kind)` makes a fresh
 * store of that kind (on Redis under a key prefix of its own, so tests do not see each other's keys), as
 * `redisHarness()` does for Redis.
 */
export function useStateStores(): {
  harness(kind: StoreKind): Promise<StoreHarness>;
  redisHarness(): Promise<RedisStoreHarness>;
} {
  let redis: TestRedis;
  let admin: Redis;
  let prefixes = 0;
  beforeAll(async () => {
    redis = await startTestRedis();
    admin = new Redis(redis.port, '127.0.0.1', { lazyConnect: true });
    await admin.connect();
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
    killLeftoverRedis();
  });
  const redisHarness = async (): Promise<RedisStoreHarness> => {
    const keyPrefix = `test${++prefixes}`;
    const opened = [await RedisStateStore.connect(redis.url, { keyPrefix })];
    return {
      store: opened[0] as RedisStateStore,
      async another() {
        const store = await RedisStateStore.connect(redis.url, { keyPrefix });
        opened.push(store);
        return store;
      },
      async elapse(ms) {
        for (const key of await admin.keys(`${keyPrefix}:*`)) {
          const left = await admin.pttl(key);
          if (left > 0 && left <= ms) await admin.pexpireat(key, 1);
        }
      },
      async keys() {
        const keys = await admin.keys(`${keyPrefix}:*`);
        return keys.map((key) => key.slice(keyPrefix.length + 1)).sort();
      },
      close: async () => void (await Promise.all(opened.map((store) => store.close()))),
    };
  };
  return {
    async harness(kind) {
      if (kind === 'redis') return redisHarness();
      let now = MEMORY_START_MS;
      const store = new MemoryStateStore(() => now);
      return {
        store,
        another: async () => store,
        elapse: async (ms) => void (now += ms),
        close: () => store.close(),
      };
    },
    redisHarness,
  };
}
