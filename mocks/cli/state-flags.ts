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

/** Where `start` keeps state: in memory, or in a checked Redis with how many processes share it. */
export type StateChoice =
  | { readonly kind: 'memory' }
  | {
      readonly kind: 'redis';
      /** The URL as given (its password included): what each process connects with. */
      readonly url: string;
      /** The URL with its password redacted: what messages show. */
      readonly shown: string;
      readonly workers: number;
      /** The store, connected by the check: the process that serves keeps it, a cluster's primary closes it. */
      readonly store: RedisStoreModule.RedisStateStore;
    };

/**
 * `--state` (or PARTNER_SANDBOX_STATE) and `--workers` for `start`: in-memory state (the default), or the Redis
 * store every provider keeps its state and control state in. A Redis URL is connected at once: unreachable, the
 * start fails naming the URL (password redacted) and the error. The caller closes the store after the sandbox.
 */
export async function checkStateFlags(
  flags: Flags,
  variables: Readonly<Record<string, string | undefined>> = {},
): Promise<StateChoice> {
  const { location, workers } = stateLocationOf(flags, variables);
  if (location.kind === 'memory') return location;
  const url = rawUrl(flags, variables);
  return { kind: 'redis', url, shown: location.shown, workers, store: await connectStateStore(url) };
}

/** Connects to the Redis store at `url`; unreachable, a start error naming it (password redacted). */
export async function connectStateStore(url: string): Promise<RedisStoreModule.RedisStateStore> {
  // Loaded only here: ioredis costs the in-memory default ~0.2 s of start-up otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStateStore: Store } = require('../runtime/state/redis-store') as typeof RedisStoreModule;
  try {
    return await Store.connect(url);
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
): { location: StateLocation; workers: number } {
  const workers = stringFlag(flags, 'workers');
  try {
    const location = parseStateUrl(rawUrl(flags, variables));
    return { location, workers: workers === undefined ? 1 : parseWorkers(workers, location) };
  } catch (error) {
    if (error instanceof StateUrlError) throw new UsageError(error.message);
    throw error;
  }
}
