import { MAX_NAMESPACES } from './namespace-registry';
import type { SettingDefinition, Settings } from './provider';

/**
 * Settings every provider takes from the config file besides its own, read by the runtime: injected faults,
 * a latency on every answer, a rate limit per credential, and how many namespaces are kept. Their schemas here check the shape; the rules
 * and distributions are checked in full by `control-inputs.ts`, as the control surface checks them.
 */
export const RUNTIME_SETTINGS: Readonly<Record<string, SettingDefinition>> = {
  faults: {
    default: [],
    schema: { type: 'array', maxItems: 100, items: { type: 'object' } },
    description:
      'Fault rules in force from the start and again after every reset, as `POST /__sandbox/faults` takes them.',
  },
  latency: {
    default: null,
    schema: { type: ['object', 'null'] },
    description:
      'A wait before every answer: {"distribution": "fixed", "ms"}, {"distribution": "uniform", "minMs", "maxMs"} or {"distribution": "lognormal", "medianMs", "sigma", "maxMs"?}; null (the default): none.',
  },
  latencySeed: {
    default: 1,
    schema: { type: 'integer', minimum: 0, maximum: 4294967295 },
    description: 'Seeds the generator the global latency is drawn from (the same seed gives the same waits).',
  },
  rateLimit: {
    default: null,
    schema: {
      type: ['object', 'null'],
      properties: {
        requests: { type: 'integer', minimum: 1, maximum: 1_000_000 },
        perSeconds: { type: 'integer', minimum: 1, maximum: 86_400 },
      },
      required: ['requests', 'perSeconds'],
      additionalProperties: false,
    },
    description:
      'At most `requests` authenticated requests per credential in each window of `perSeconds` of sandbox time, then 429 with the provider’s rate-limit answer; null (the default): no limit.',
  },
  maxNamespaces: {
    default: MAX_NAMESPACES.default,
    schema: { type: 'integer', minimum: MAX_NAMESPACES.min, maximum: MAX_NAMESPACES.max },
    description:
      'How many named namespaces (`X-Sandbox-Namespace`, `/__ns/NAME/`) the provider keeps beside the default one, each with the provider’s own memory budgets; a new one past it evicts the least recently used.',
  },
};

/** A runtime setting's value, or its default when the settings do not give it. */
export function runtimeSetting(settings: Settings, name: keyof typeof RUNTIME_SETTINGS): unknown {
  return Object.hasOwn(settings, name) ? settings[name] : RUNTIME_SETTINGS[name]?.default;
}
