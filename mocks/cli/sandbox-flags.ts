import type { SandboxOptions } from '../sandbox';
import { UsageError } from './args';

export type Flags = ReadonlyMap<string, string | true>;

/** A flag that takes a value: its value, undefined when absent; given without one is a usage error. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/**
 * What `start` and `run` share: which providers (`--only a,b`), the config file (`--config FILE`), the port
 * base (`--port-base N`) and the namespace the URLs handed out address (`--namespace NAME`). Ranges and names are
 * checked where the sandbox starts (`startSandbox`).
 */
export function sandboxFlagsOf(
  flags: Flags,
): Pick<SandboxOptions, 'only' | 'config' | 'portBase' | 'namespace'> {
  const only = stringFlag(flags, 'only');
  const config = stringFlag(flags, 'config');
  const namespace = stringFlag(flags, 'namespace');
  const portBase = stringFlag(flags, 'port-base');
  if (portBase !== undefined && !/^\d{1,5}$/.test(portBase))
    throw new UsageError(`--port-base must be a port number, got "${portBase}"`);
  return {
    ...(only === undefined ? {} : { only: only.split(',') }),
    ...(config === undefined ? {} : { config }),
    ...(portBase === undefined ? {} : { portBase: Number(portBase) }),
    ...(namespace === undefined ? {} : { namespace }),
  };
}
