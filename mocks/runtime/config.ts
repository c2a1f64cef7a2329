import { readFileSync } from 'node:fs';
import type { AnyProviderDefinition, Credentials, Settings } from './provider';

/** A config file problem; its message is one line for the user. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface ProviderConfig {
  readonly credentials: Credentials;
  readonly settings: Settings;
}

/**
 * Reads the config file: JSON of the `credentials --json` shape, any subset; a value there replaces the
 * default. Besides credentials, a provider's settings (clock-skew window, ...) may be set the same way.
 * Unknown providers, unknown fields and wrong types are errors.
 */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

export function resolveProviderConfigs(
  providers: readonly AnyProviderDefinition[],
  config: unknown = {},
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
    const overrides = Object.hasOwn(config, provider.name)
      ? (config as Record<string, unknown>)[provider.name]
      : {};
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      throw new ConfigError(`config for ${provider.name} must be a JSON object`);
    }
    const credentials: Record<string, string> = { ...provider.defaultCredentials };
    const settings: Record<string, string | number | boolean> = { ...provider.defaultSettings };
    for (const [field, value] of Object.entries(overrides)) {
      if (Object.hasOwn(provider.defaultCredentials, field)) {
        if (typeof value !== 'string' || value === '') {
          throw new ConfigError(`${provider.name}.${field} must be a non-empty string`);
        }
        credentials[field] = value;
      } else if (Object.hasOwn(provider.defaultSettings, field)) {
        const expected = typeof provider.defaultSettings[field];
        if (typeof value !== expected || (typeof value === 'number' && !Number.isFinite(value))) {
          throw new ConfigError(`${provider.name}.${field} must be a ${expected}`);
        }
        settings[field] = value as string | number | boolean;
      } else {
        const known = [...Object.keys(provider.defaultCredentials), ...Object.keys(provider.defaultSettings)];
        throw new ConfigError(`unknown field ${provider.name}.${field} (known: ${known.join(', ')})`);
      }
    }
    const live = provider.liveCredentialProblem?.(credentials);
    if (live) throw new ConfigError(`${provider.name}: ${live}; the sandbox never accepts live keys`);
    resolved.set(provider.name, { credentials, settings });
  }
  return resolved;
}
