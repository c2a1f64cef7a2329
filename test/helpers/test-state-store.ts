/**
 * The state store a test file's sandboxes keep provider state in, chosen by the jest project running the file
 * (its `testStateKind` global, see jest.config.js): none, in memory as always; `memory-store`, a `MemoryStateStore` per sandbox; `redis`, a redis-server of the file's own on a
 * free port (never the machine's 6379), each sandbox with a key prefix of its own.
 */
import { MemoryStateStore } from '../../mocks/runtime/state/memory-store';
import { RedisStateStore } from '../../mocks/runtime/state/redis-store';
import type { StateStore } from '../../mocks/runtime/state/store';
import { killLeftoverRedis, startTestRedis, type TestRedis } from './redis-server';

export type TestStateKind = 'memory-store' | 'redis';

const KINDS: readonly (TestStateKind | undefined)[] = [undefined, 'memory-store', 'redis'];

/** The store kind the running jest project asked for; undefined: provider state in memory. */
export function testStateKind(): TestStateKind | undefined {
  const kind = (globalThis as { testStateKind?: unknown }).testStateKind;
  if (!KINDS.includes(kind as TestStateKind | undefined))
    throw new Error(`the testStateKind global is memory-store or redis, not ${String(kind)}`);
  return kind as TestStateKind | undefined;
}

let redis: Promise<TestRedis> | undefined;
const opened: StateStore[] = [];
let prefixes = 0;

/** A store for one sandbox of the file, of the project's kind (undefined when state stays in memory). */
export async function testStateStore(kind = testStateKind()): Promise<StateStore | undefined> {
  if (kind === undefined) return undefined;
  let store: StateStore;
  if (kind === 'memory-store') store = new MemoryStateStore();
  else {
    redis ??= startTestRedis();
    prefixes += 1;
    store = await RedisStateStore.connect((await redis).url, { keyPrefix: `test${prefixes}` });
  }
  opened.push(store);
  return store;
}

/** The file's redis-server (started on first use): a test stops and starts it to see an outage. */
export function fileRedis(): Promise<TestRedis> {
  redis ??= startTestRedis();
  return redis;
}

/** Closes every store the file opened and stops its redis-server (test/setup/state-store.ts, after all). */
export async function closeTestStateStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
  const server = redis;
  redis = undefined;
  if (server) await (await server).stop();
  killLeftoverRedis();
}
