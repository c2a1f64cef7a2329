import { ABSENT, StateUnavailable, type StateStore } from './store';

/**
 * Tries of a read-decide-write before the store counts as unavailable. Each round one of the writers racing
 * wins, so N control calls at once need at most N rounds; past this many, something writes in a loop.
 */
export const MAX_TRIES = 32;

/**
 * Reads a JSON entry, decides its new value and commits it only if nobody wrote the entry in between, else
 * reads again: the optimistic read-decide-write of control entries (the commit is one atomic step). `change`
 * gets the current value (undefined when absent) and returns the new one; it may run several times.
 */
export async function updateJson<T>(
  store: StateStore,
  namespace: string,
  key: string,
  change: (current: T | undefined) => T,
): Promise<T> {
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const stored = await store.get(namespace, key);
    const next = change(stored ? (JSON.parse(stored.value) as T) : undefined);
    const write = { key, value: JSON.stringify(next), expectedVersion: stored?.version ?? ABSENT };
    if ((await store.commit(namespace, [write])).applied) return next;
  }
  throw new StateUnavailable(`the entry ${key} of namespace ${namespace} kept changing`);
}
