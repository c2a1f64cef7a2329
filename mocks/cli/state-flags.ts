import { SandboxStartError } from '../runtime/server';
import type * as RedisStoreModule from '../runtime/state/redis-store';
import { StateUnavailable, type StateStore } from '../runtime/state/store';
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
 * `--state` (or PARTNER_SANDBOX_STATE) and `--workers` for `start`: the store every provider keeps its state
 * and control state in, or undefined for in-memory state (the default). A Redis URL is connected at once:
 * unreachable, the start fails naming the URL (password redacted) and the error. The caller closes the store
 * after the sandbox. `--workers` is checked (it needs a shared store) but runs one process for now.
 */
export async function openStateStore(
  flags: Flags,
  variables: Readonly<Record<string, string | undefined>> = {},
): Promise<StateStore | undefined> {
  const location = stateLocationOf(flags, variables);
  if (location.kind === 'memory') return undefined;
  if (stringFlag(flags, 'workers') !== undefined) {
    throw new SandboxStartError(
      `--workers is not available yet; start one process per port base, each with --state ${location.shown}`,
    );
  }
  // Loaded only here: ioredis costs the in-memory default ~0.2 s of start-up otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStateStore: Store } = require('../runtime/state/redis-store') as typeof RedisStoreModule;
  try {
    return await Store.connect(rawUrl(flags, variables));
  } catch (error) {
    if (error instanceof StateUnavailable) throw new SandboxStartError(error.message);
    throw error;
  }
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
