import { readBoundedRegularFile } from './bounded-file';
import { ControlRefusal, parseFaultList, parseLatency } from './control-inputs';
import { defaultSettingsOf, type AnyProviderDefinition, type Credentials, type Settings } from './provider';
import { runtimeSetting } from './runtime-settings';
import { allSettingsOf, settingsValidatorOf } from './settings-schema';

/** A config file problem; its message is one line for the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ProviderConfig {
  readonly credentials: Credentials;
  readonly settings: Settings;
}

/** A config file is a few hundred bytes; anything near this is a wrong path, not a config. */
export const CONFIG_FILE_LIMIT = 1024 * 1024;

/**
 * Reads the config file: JSON of the `credentials --json` shape, any subset; a value there replaces the
 * default. Besides credentials, a provider's settings (clock-skew window, ...) may be set the same way.
 * Only a regular file of at most 1 MiB is read: a device (`/dev/zero`), a FIFO or a directory is refused
 * from its `fstat`, before a byte is read, so start-up can neither hang nor fill memory.
 */
export function readConfigFile(path: string): unknown {
  const text = readSmallRegularFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function readSmallRegularFile(path: string): string {
  const read = readBoundedRegularFile(path, CONFIG_FILE_LIMIT);
  if (read.ok) return read.bytes.toString('utf8');
  if (read.problem === 'open') throw new ConfigError(`cannot read config file ${path}: ${read.detail}`);
  if (read.problem === 'not-file') throw new ConfigError(`config file ${path} is not a regular file`);
  throw new ConfigError(`config file ${path} is over the 1 MiB limit (${read.detail})`);
}

/**
 * Merges each provider's section of the config over its defaults, after checking the whole section against
 * one JSON Schema (credentials: non-empty printable strings; settings: their own schemas with ranges;
 * nothing else). Keys are looked up as own properties only, so `__proto__` or `constructor` are just unknown.
 * With `wanted`, only those providers and the ones the config names are resolved (and their definitions read):
 * the section of any other one is empty, so it could not fail.
 */
export function resolveProviderConfigs(
  providers: readonly AnyProviderDefinition[],
  config: unknown = {},
  wanted?: ReadonlySet<string>,
): Map<string, ProviderConfig> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new ConfigError('config must be a JSON object keyed by provider name');
  }
  const byName = new Map(providers.map((provider) => [provider.name, provider]));
  for (const name of Object.keys(config)) {
    if (!byName.has(name)) {
      throw new ConfigError(
        `config names unknown provider "${name}" (available: ${[...byName.keys()].join(', ')})`,
      );
    }
  }
  const resolved = new Map<string, ProviderConfig>();
  for (const provider of providers) {
    const named = Object.hasOwn(config, provider.name);
    if (!named && wanted !== undefined && !wanted.has(provider.name)) continue;
    const section: unknown = named ? (config as Record<string, unknown>)[provider.name] : {};
    const problem = settingsValidatorOf(provider).configProblem(section);
    if (problem !== undefined) throw new ConfigError(problem);
    const overrides = section as Record<string, unknown>;
    const pick = (fields: object) =>
      Object.fromEntries(Object.keys(fields).flatMap((field) => ownEntry(overrides, field)));
    const credentials = {
      ...provider.defaultCredentials,
      ...pick(provider.defaultCredentials),
    } as Credentials;
    const settings = { ...defaultSettingsOf(provider), ...pick(allSettingsOf(provider)) } as Settings;
    checkRuntimeSettings(provider, settings);
    const live = provider.liveCredentialProblem?.(credentials);
    if (live) throw new ConfigError(`${provider.name}: ${live}; the sandbox never accepts live keys`);
    resolved.set(provider.name, { credentials, settings });
  }
  return resolved;
}

function ownEntry(object: Record<string, unknown>, field: string): [string, unknown][] {
  return Object.hasOwn(object, field) ? [[field, object[field]]] : [];
}

/** The runtime settings' rules and distributions, checked as the control surface checks them. */
function checkRuntimeSettings(provider: AnyProviderDefinition, settings: Settings): void {
  try {
    parseFaultList(runtimeSetting(settings, 'faults'), undefined, Object.keys(provider.defaultCredentials));
    const latency = runtimeSetting(settings, 'latency');
    if (latency !== null) parseLatency(latency);
  } catch (error) {
    if (error instanceof ControlRefusal) throw new ConfigError(`${provider.name}: ${error.message}`);
    throw error;
  }
}
