import type { AnyProviderDefinition } from '../runtime/provider';
import { SandboxStartError } from '../runtime/server';
import { StateLayout } from '../runtime/state/state-layout';

/** The providers a start with a shared store serves (as `--only`), and a note for each one it leaves out. */
export interface StoreProviders {
  readonly only: readonly string[];
  readonly notes: readonly string[];
}

/**
 * The providers whose state a shared store can hold (their `createState` has a layout). Without `--only`, one
 * that cannot is left out with a note, so `start --state redis://…` serves every provider that can be shared;
 * named in `--only`, it is a start error (the user asked for what cannot be served). Names `--only` gives are
 * kept as given: the start itself checks them.
 */
export function providersForStore(
  providers: readonly AnyProviderDefinition[],
  only: readonly string[] | undefined,
): StoreProviders {
  if (only !== undefined) {
    const named = new Set(only.map((name) => name.trim().toLowerCase()));
    for (const provider of providers.filter(({ name }) => named.has(name))) {
      const refusal = layoutRefusal(provider);
      if (refusal !== undefined)
        throw new SandboxStartError(
          `${provider.name}'s state cannot be kept in a shared store yet (${refusal}): leave it out of --only, or start without --state`,
        );
    }
    return { only, notes: [] };
  }
  const served: string[] = [];
  const notes: string[] = [];
  for (const provider of providers) {
    const refusal = layoutRefusal(provider);
    if (refusal === undefined) served.push(provider.name);
    else
      notes.push(
        `${provider.name} is not started: its state cannot be kept in a shared store yet (${refusal})`,
      );
  }
  return { only: served, notes };
}

function layoutRefusal(provider: AnyProviderDefinition): string | undefined {
  try {
    StateLayout.of(provider.name, provider.createState() as object);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}
