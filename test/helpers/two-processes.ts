/**
 * What a test of a provider shared by two processes needs: the stores it runs on (a MemoryStateStore, then a
 * redis-server of the file's own, never the machine's 6379) and each process's client of the one store.
 */
import { MemoryStateStore } from '../../mocks/runtime/state/memory-store';
import { RedisStateStore } from '../../mocks/runtime/state/redis-store';
import type { StateStore } from '../../mocks/runtime/state/store';
import { fileRedis } from './test-state-store';

/** `describe.each` rows: a store's name, and how to connect a client of it. */
export function sharedStoreKinds(keyPrefix: string): [string, () => Promise<StateStore>][] {
  return [
    ['a MemoryStateStore', async () => new MemoryStateStore()],
    ['a redis-server', async () => RedisStateStore.connect((await fileRedis()).url, { keyPrefix })],
  ];
}

/** Two processes' clients: on Redis, two clients of one server; in memory, one store both share. */
export async function twoClients(connect: () => Promise<StateStore>): Promise<{
  readonly first: StateStore;
  readonly second: StateStore;
  /** Each client once, to close. */
  readonly stores: StateStore[];
}> {
  const first = await connect();
  const second = first instanceof MemoryStateStore ? first : await connect();
  return { first, second, stores: first === second ? [first] : [first, second] };
}
