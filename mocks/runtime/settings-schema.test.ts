import {
  defaultSettingsOf,
  type AnyProviderDefinition,
  type SettingDefinition,
  type Settings,
} from './provider';
import { secretSettingValues, settingsValidatorOf, validateSettings } from './settings-schema';

function provider(settings: Record<string, SettingDefinition>): AnyProviderDefinition {
  return { name: 'toy', defaultCredentials: { key: 'k' }, settings } as unknown as AnyProviderDefinition;
}

const toy = provider({
  skew: { default: 300, schema: { type: 'integer', minimum: 0, maximum: 600 }, description: 'window' },
  keys: {
    default: [],
    schema: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 10 } },
    description: 'more keys',
  },
});

describe('validateSettings', () => {
  it('accepts the defaults and any value in range', () => {
    expect(() => validateSettings(toy, defaultSettingsOf(toy))).not.toThrow();
    expect(() => validateSettings(toy, { skew: 600, keys: ['a', 'b'] })).not.toThrow();
  });

  it.each([
    [{ skew: -1, keys: [] }, 'invalid settings: toy.skew must be an integer from 0 to 600'],
    [
      { skew: 1, keys: ['x'.repeat(11)] },
      'invalid settings: toy.keys[0] must NOT have more than 10 characters',
    ],
    [{ skew: 1 }, 'invalid settings: toy.keys is missing'],
    [
      { skew: 1, keys: [], extra: 1 },
      'invalid settings: unknown field toy.extra (known: skew, keys, faults, latency, latencySeed, rateLimit, maxNamespaces)',
    ],
  ])('refuses %j with one line', (settings, message) => {
    expect(() => validateSettings(toy, settings)).toThrow(new Error(message));
  });

  it('compiles once per provider', () => {
    expect(settingsValidatorOf(toy)).toBe(settingsValidatorOf(toy));
  });

  it('fails loudly on a setting schema with a keyword JSON Schema does not know', () => {
    const sloppy = provider({ n: { default: 1, schema: { type: 'integer', maximun: 5 }, description: 'n' } });
    expect(() => validateSettings(sloppy, { n: 1 })).toThrow(/unknown keyword: "maximun"/);
  });

  it('fails loudly on a setting schema whose keyword has a value of the wrong type', () => {
    const sloppy = provider({
      n: { default: 1, schema: { type: 'integer', maximum: '5' }, description: 'n' },
    });
    expect(() => validateSettings(sloppy, { n: 1 })).toThrow(/maximum value must be \["number"\]/);
  });
});

describe('secretSettingValues', () => {
  it('collects the strings whose schema is writeOnly, inside lists and objects', () => {
    const definitions = {
      keys: { schema: { type: 'array', items: { type: 'string', writeOnly: true } } },
      partners: {
        schema: {
          type: 'array',
          items: {
            type: 'object',
            properties: { apiKey: { type: 'string', writeOnly: true }, id: { type: 'string' } },
          },
        },
      },
      name: { schema: { type: 'string' } },
    };
    const settings: Settings = {
      keys: ['k1', 'k2'],
      partners: [{ apiKey: 'p1', id: 'i1' }, { id: 'i2' }],
      name: 'n',
    };
    expect(secretSettingValues(definitions, settings)).toEqual(['k1', 'k2', 'p1']);
  });
});
