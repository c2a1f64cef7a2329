import { SandboxStartError } from '../runtime/server';
import type * as RedisStoreModule from '../runtime/state/redis-store';
import { StateUnavailable } from '../runtime/state/store';
import {
  parseStateUrl,
  parseWorkers,
  STATE_VARIABLE,
  StateUrlError,
  type StateLocation,
} from '../runtime/state/state-url';
import { UsageError } from './args';
import { stringFlag, type Flags } from './sandbox-flags';

/** `start`'s flags for where state lives and how many processes share it. */
export const STATE_FLAGS = { state: true, workers: true } as const;
export const STATE_USAGE = '[--state memory|redis://HOST:PORT/DB] [--workers N]';

/**
 * `--state` (or PARTNER_SANDBOX_STATE) and `--workers` for `start`. In-memory state goes on as always. A Redis
 * URL is checked at once: unreachable, the start fails naming the URL (password redacted) and the error. Provider
 * state can live in the store (`createProviderApp`'s `stateStore`), but the clock, idempotency keys, journal and
 * webhook schedule are still per process (issue 21's next phase), so a reachable Redis is refused too, saying so:
 * a sandbox that claimed to share all of it and kept some per process would answer wrongly.
 */
export async function checkStateFlags(
  flags: Flags,
  variables: Readonly<Record<string, string | undefined>> = {},
): Promise<void> {
  const location = stateLocationOf(flags, variables);
  if (location.kind === 'memory') return;
  // Loaded only here: ioredis costs the in-memory default ~0.2 s of start-up otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStateStore: Store } = require('../runtime/state/redis-store') as typeof RedisStoreModule;
  let store: RedisStoreModule.RedisStateStore;
  try {
    store = await Store.connect(rawUrl(flags, variables));
  } catch (error) {
    if (error instanceof StateUnavailable) throw new SandboxStartError(error.message);
    throw error;
  }
  await store.close();
  throw new SandboxStartError(
    `Redis at ${location.shown} answered, but the sandbox clock, idempotency keys, journal and webhook schedule are not shared through it yet (issue 21, next phase); start without --state (and without ${STATE_VARIABLE}) for in-memory state in one process`,
  );
}

function rawUrl(flags: Flags, variables: Readonly<Record<string, string | undefined>>): string {
  return stringFlag(flags, 'state') ?? variables[STATE_VARIABLE] ?? 'memory';
}

function stateLocationOf(
  flags: Flags,
  variables: Readonly<Record<string, string | undefined>>,
): StateLocation {
  const workers = stringFlag(flags, 'workers');
  try {
    const location = parseStateUrl(rawUrl(flags, variables));
    if (workers !== undefined) parseWorkers(workers, location);
    return location;
  } catch (error) {
    if (error instanceof StateUrlError) throw new UsageError(error.message);
    throw error;
  }
}
