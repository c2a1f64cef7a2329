import { MemoryStateStore } from './memory-store';
import { ANY_VERSION, StateUnavailable, type CommitResult } from './store';
import { MAX_TRIES, updateJson } from './update-json';

test('a read-decide-write applies once nobody wrote in between, reading again after a conflict', async () => {
  const store = new MemoryStateStore();
  expect(await updateJson<number>(store, 'ns', 'n', (n) => (n ?? 0) + 1)).toBe(1);
  let interfered = false;
  const result = await updateJson<number>(store, 'ns', 'n', (n) => {
    // Another process writes between this read and the commit, once: the change runs again on its value.
    if (!interfered) void store.set('ns', 'n', '10');
    interfered = true;
    return (n ?? 0) + 1;
  });
  expect(result).toBe(11);
  expect((await store.get('ns', 'n'))?.value).toBe('11');
});

test('an entry that never stops changing: StateUnavailable after MAX_TRIES', async () => {
  const store = new MemoryStateStore();
  const commit = store.commit.bind(store);
  let commits = 0;
  store.commit = async (namespace, writes): Promise<CommitResult> => {
    commits += 1;
    await commit(namespace, [{ key: 'n', value: '7', expectedVersion: ANY_VERSION }]);
    return commit(namespace, writes);
  };
  await expect(updateJson<number>(store, 'ns', 'n', () => 1)).rejects.toThrow(StateUnavailable);
  expect(commits).toBe(MAX_TRIES);
});
